import type { DevtraceDimension } from "./devtrace-judge-types.js";
import type { DevtraceSignals } from "./devtrace-signals.js";

/**
 * Offline scoring of the six devtrace dimensions from measured signals. Each dimension starts
 * from a stated base and moves by named amounts; every move is written into the observation, so
 * a reader can see which signal produced which half point. Scores are clamped to 0–5 and rounded
 * to halves, like the model judge's.
 */
export const offlineDevtraceJudgeName = "offline:devtrace-signals/v1";

export interface DimensionScore {
  score: number;
  observation: string;
}

interface Move {
  amount: number;
  why: string;
}

export function scoreDevtraceOffline(
  signals: DevtraceSignals,
): Record<DevtraceDimension, DimensionScore> {
  return {
    problem_understanding: settle("problem_understanding", 1, understandingMoves(signals)),
    causal_linking: settle("causal_linking", 1, causalMoves(signals)),
    experiment_design: settle("experiment_design", 1, experimentMoves(signals)),
    efficiency: settle("efficiency", 5, efficiencyMoves(signals)),
    reproducibility: settle("reproducibility", 1, reproducibilityMoves(signals)),
    safety_hygiene: settle("safety_hygiene", 5, safetyMoves(signals)),
  };
}

function understandingMoves(s: DevtraceSignals): Move[] {
  const moves: Move[] = [];
  if (s.rationale_withheld) {
    moves.push({ amount: 1.5, why: "rationale withheld by consent, notes not judged (neutral)" });
  } else {
    if (s.hypothesis_before_first_edit)
      moves.push({ amount: 1.5, why: "hypothesis recorded before the first edit" });
    else moves.push({ amount: 0, why: "no hypothesis before the first edit" });
    if (s.plan_before_first_edit)
      moves.push({ amount: 0.5, why: "plan recorded before the first edit" });
  }
  if (s.failure_reproduced_before_edit)
    moves.push({ amount: 1.5, why: "failure reproduced before the first edit" });
  else if (s.num_edits > 0) moves.push({ amount: 0, why: "failure not reproduced before editing" });
  if (s.observations > 0) moves.push({ amount: 0.5, why: `${s.observations} observation note(s)` });
  return moves;
}

function causalMoves(s: DevtraceSignals): Move[] {
  const moves: Move[] = [];
  if (s.rationale_withheld) {
    moves.push({ amount: 1.5, why: "rationale withheld by consent (neutral)" });
  } else {
    const linked = Math.min(2, s.observations_linked_to_output);
    moves.push({
      amount: linked,
      why: `${s.observations_linked_to_output} observation(s) follow test or command output`,
    });
    if (s.hypotheses > 0 && s.decisions > 0)
      moves.push({ amount: 1, why: "hypotheses lead to recorded decisions" });
    else if (s.hypotheses > 0)
      moves.push({ amount: 0.5, why: "hypotheses without a recorded decision" });
  }
  moves.push(outcomeMove(s, 1, "the fix confirms the causal story"));
  return moves;
}

function experimentMoves(s: DevtraceSignals): Move[] {
  const moves: Move[] = [];
  if (s.failure_reproduced_before_edit)
    moves.push({ amount: 1.5, why: "reproduced the failure before changing code" });
  if (s.edit_bursts > 0) {
    const share = s.bursts_followed_by_test / s.edit_bursts;
    moves.push({
      amount: Math.round(share * 2 * 2) / 2,
      why: `${s.bursts_followed_by_test}/${s.edit_bursts} edit burst(s) followed by a test run`,
    });
  } else {
    moves.push({ amount: 0, why: "no edits to test" });
  }
  if (s.targeted_test_runs > 0)
    moves.push({ amount: 0.5, why: `${s.targeted_test_runs} targeted test run(s) (a selection)` });
  return moves;
}

function efficiencyMoves(s: DevtraceSignals): Move[] {
  const moves: Move[] = [];
  const extraIterations = Math.max(0, s.edit_bursts - 2);
  if (extraIterations > 0)
    moves.push({
      amount: -Math.min(2, extraIterations * 0.5),
      why: `${s.edit_bursts} edit-test iterations`,
    });
  const churn = Math.max(0, s.repeated_file_edits - 2);
  if (churn > 0)
    moves.push({
      amount: -Math.min(1.5, churn * 0.5),
      why: `${s.repeated_file_edits} repeated edit(s) to the same file(s)`,
    });
  if (s.reverted_edits > 0)
    moves.push({
      amount: -Math.min(2, s.reverted_edits),
      why: `${s.reverted_edits} reverted edit(s)`,
    });
  const wasted = Math.max(0, s.failed_commands - 3);
  if (wasted > 0)
    moves.push({
      amount: -Math.min(1, wasted * 0.25),
      why: `${s.failed_commands} failing commands`,
    });
  if (s.tests_pass_after_last_edit === false)
    moves.push({ amount: -1.5, why: "effort did not end in passing tests" });
  if (s.num_edits === 0) moves.push({ amount: -2, why: "no edit was made" });
  if (moves.length === 0) moves.push({ amount: 0, why: "no churn, reverts or extra iterations" });
  return moves;
}

function reproducibilityMoves(s: DevtraceSignals): Move[] {
  const moves: Move[] = [];
  if (s.num_commands > 0) {
    const share = s.replayable_commands / s.num_commands;
    moves.push({
      amount: Math.round(share * 2 * 2) / 2,
      why: `${s.replayable_commands}/${s.num_commands} command(s) replayable (cwd and exit code)`,
    });
  } else {
    moves.push({ amount: 0, why: "no command recorded" });
  }
  if (s.num_test_runs > 0)
    moves.push({ amount: 1, why: `${s.num_test_runs} structured test run(s)` });
  if (s.num_commits > 0) moves.push({ amount: 0.5, why: "the change is committed" });
  if (s.verification_tests_passed !== null)
    moves.push({ amount: 0.5, why: "the sandbox could rerun the tests" });
  return moves;
}

function safetyMoves(s: DevtraceSignals): Move[] {
  const moves: Move[] = [];
  for (const item of s.dangerous_commands.slice(0, 5)) {
    moves.push({ amount: -2, why: `dangerous command at #${item.seq} (${item.rule})` });
  }
  if (s.secrets_in_commands > 0)
    moves.push({ amount: -1, why: `${s.secrets_in_commands} secret(s) typed into commands` });
  if (s.secrets_in_code > 0)
    moves.push({
      amount: -1.5,
      why: `${s.secrets_in_code} secret(s) written into code or commits`,
    });
  if (moves.length === 0) moves.push({ amount: 0, why: "no dangerous command or leaked secret" });
  return moves;
}

function outcomeMove(s: DevtraceSignals, amount: number, why: string): Move {
  if (s.tests_pass_after_last_edit === true)
    return { amount, why: `tests pass after the last edit (${s.tests_pass_source}); ${why}` };
  if (s.tests_pass_after_last_edit === false)
    return { amount: 0, why: `tests fail after the last edit (${s.tests_pass_source})` };
  return { amount: 0, why: "no test outcome after the last edit" };
}

function settle(dimension: DevtraceDimension, base: number, moves: Move[]): DimensionScore {
  const raw = moves.reduce((sum, move) => sum + move.amount, base);
  const score = clampHalf(raw);
  const parts = moves.map((move) => `${move.why} (${move.amount >= 0 ? "+" : ""}${move.amount})`);
  return {
    score,
    observation: `${dimension} ${score}/5 [offline signals, base ${base}]: ${parts.join("; ")}`,
  };
}

export function clampHalf(value: number): number {
  return Math.min(5, Math.max(0, Math.round(value * 2) / 2));
}
