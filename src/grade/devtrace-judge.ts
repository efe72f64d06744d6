import { TracemillError } from "../core/errors.js";
import type { Trace } from "../core/trace.js";
import type { ModelClient } from "../model/model-client.js";
import type { VerifyResult } from "../verify/types.js";
import {
  buildDevtraceJudgeMessages,
  devtraceJudgeAnswerSchema,
  devtraceJudgeSchemaName,
} from "./devtrace-judge-prompt.js";
import {
  type DevtraceDimension,
  type DevtraceJudgement,
  type DevtraceOutcome,
  devtraceDefaultWeights,
  devtraceDimensions,
  notFixedOverallCap,
} from "./devtrace-judge-types.js";
import {
  clampHalf,
  offlineDevtraceJudgeName,
  scoreDevtraceOffline,
} from "./devtrace-offline-judge.js";
import { measureDevtrace } from "./devtrace-signals.js";

/**
 * Judges a sealed developer trace on six dimensions (0–5). With a networked model client: one
 * structured `devtrace_judge` call. Without one (or with the offline client): the signal-based
 * judge, named `offline:devtrace-signals/v1`. Either way the overall is the weighted mean of the
 * six scores computed here, never a number the model chose.
 */
export const devtraceRubricVersion = "devtrace-rubric/v1";

export interface JudgeDevtraceOptions {
  verification?: VerifyResult;
  client?: ModelClient;
  weights?: Partial<Record<DevtraceDimension, number>>;
  seed?: number;
}

export async function judgeDevtrace(
  trace: Trace,
  options: JudgeDevtraceOptions = {},
): Promise<DevtraceJudgement> {
  const weights = normalizeWeights(options.weights);
  const signals = measureDevtrace(trace, options.verification);
  const client = options.client;
  if (client === undefined || client.offline) {
    const scored = scoreDevtraceOffline(signals);
    const scores = mapDimensions((dimension) => scored[dimension].score);
    const outcome = outcomeOf(scores, weights, options.verification);
    return {
      judge: offlineDevtraceJudgeName,
      offline: true,
      rubric_version: devtraceRubricVersion,
      weights,
      scores,
      ...outcome.fields,
      feedback_summary: offlineSummary(scores, outcome.fields, signals),
      observations: [
        ...devtraceDimensions.map((dimension) => scored[dimension].observation),
        outcome.observation,
      ],
      signals: { ...signals },
    };
  }

  const seed = options.seed ?? 42;
  const result = await client.generateObject({
    schema: devtraceJudgeAnswerSchema,
    schemaName: devtraceJudgeSchemaName,
    messages: buildDevtraceJudgeMessages(trace, { verification: options.verification, weights }),
    settings: { seed },
    context: { traceId: trace.id, stage: "devtrace-judge" },
  });
  const answer = result.value;
  const scores = mapDimensions((dimension) => clampHalf(answer.scores[dimension]));
  const outcome = outcomeOf(scores, weights, options.verification);
  return {
    judge: `${result.provider}:${result.model}`,
    offline: false,
    rubric_version: devtraceRubricVersion,
    weights,
    scores,
    ...outcome.fields,
    feedback_summary: answer.feedback_summary.slice(0, 600),
    observations: [
      ...devtraceDimensions.map(
        (dimension) => `${dimension} ${scores[dimension]}/5: ${answer.observations[dimension]}`,
      ),
      outcome.observation,
    ],
    signals: { ...signals },
    seed,
    ...(result.fingerprint === undefined ? {} : { fingerprint: result.fingerprint }),
  };
}

/**
 * The sandbox's verdict, applied in code for both judges: fix_correctness from the tests, and a
 * failed verification caps the overall however good the process looked.
 */
export function outcomeOf(
  scores: Record<DevtraceDimension, number>,
  weights: Record<DevtraceDimension, number>,
  verification: VerifyResult | undefined,
): {
  fields: Pick<
    DevtraceJudgement,
    "overall" | "outcome" | "fix_correctness" | "cap" | "overall_uncapped"
  >;
  observation: string;
} {
  const uncapped = weightedOverall(scores, weights);
  const outcome: DevtraceOutcome =
    verification?.tests_passed === true
      ? "fixed"
      : verification?.tests_passed === false
        ? "not_fixed"
        : "unverified";
  if (outcome === "fixed") {
    return {
      fields: { overall: uncapped, outcome, fix_correctness: 5 },
      observation: `fix_correctness 5/5 [sandbox]: ${verification?.num_passed ?? 0} test(s) passed, none failed`,
    };
  }
  if (outcome === "not_fixed") {
    const failing = verification?.failing_tests ?? [];
    const reason = `verification failed (${verification?.num_failed ?? 0} failed${failing.length > 0 ? `: ${failing.slice(0, 3).join(", ")}` : ""})`;
    const overall = Math.min(uncapped, notFixedOverallCap);
    return {
      fields: {
        overall,
        outcome,
        fix_correctness: 0,
        overall_uncapped: uncapped,
        cap: { overall: notFixedOverallCap, reason },
      },
      observation: `fix_correctness 0/5 [sandbox]: ${reason}; overall ${uncapped} capped at ${notFixedOverallCap}`,
    };
  }
  const why = verification?.reason ?? "no verification result";
  return {
    fields: { overall: uncapped, outcome, fix_correctness: null },
    observation: `fix_correctness unknown [sandbox]: the tests could not be run (${why}); kept out of SFT by default`,
  };
}

/** Defaults overlaid with the given weights, scaled to sum 1. */
export function normalizeWeights(
  overrides: Partial<Record<DevtraceDimension, number>> = {},
): Record<DevtraceDimension, number> {
  const merged = mapDimensions(
    (dimension) => overrides[dimension] ?? devtraceDefaultWeights[dimension],
  );
  for (const dimension of devtraceDimensions) {
    const weight = merged[dimension];
    if (!Number.isFinite(weight) || weight < 0) {
      throw new TracemillError(
        "config_invalid",
        `devtrace judge weight ${dimension} must be a finite number ≥ 0, got ${weight}`,
      );
    }
  }
  const total = devtraceDimensions.reduce((sum, dimension) => sum + merged[dimension], 0);
  if (total <= 0) {
    throw new TracemillError("config_invalid", "devtrace judge weights must not all be 0");
  }
  return mapDimensions((dimension) => merged[dimension] / total);
}

/** Weighted mean of the six scores (weights already normalised), rounded to 2 decimals. */
export function weightedOverall(
  scores: Record<DevtraceDimension, number>,
  weights: Record<DevtraceDimension, number>,
): number {
  const total = devtraceDimensions.reduce(
    (sum, dimension) => sum + scores[dimension] * weights[dimension],
    0,
  );
  return Math.round(total * 100) / 100;
}

function mapDimensions(
  value: (dimension: DevtraceDimension) => number,
): Record<DevtraceDimension, number> {
  return Object.fromEntries(
    devtraceDimensions.map((dimension) => [dimension, value(dimension)]),
  ) as Record<DevtraceDimension, number>;
}

function offlineSummary(
  scores: Record<DevtraceDimension, number>,
  fields: Pick<DevtraceJudgement, "overall" | "outcome" | "cap" | "overall_uncapped">,
  signals: ReturnType<typeof measureDevtrace>,
): string {
  const { overall } = fields;
  const verdict =
    fields.cap !== undefined
      ? ` NOT FIXED: ${fields.cap.reason}; overall ${fields.overall_uncapped} capped at ${fields.cap.overall}.`
      : fields.outcome === "unverified"
        ? " UNVERIFIED: the fix was not run in the sandbox."
        : "";
  const ranked = [...devtraceDimensions].sort((a, b) => scores[b] - scores[a]);
  const best = ranked[0] ?? "problem_understanding";
  const worst = ranked.at(-1) ?? "safety_hygiene";
  const outcome =
    signals.tests_pass_after_last_edit === null
      ? "no test outcome after the last edit"
      : signals.tests_pass_after_last_edit
        ? `tests pass after the last edit (${signals.tests_pass_source})`
        : `tests fail after the last edit (${signals.tests_pass_source})`;
  const danger =
    signals.dangerous_commands.length > 0
      ? ` ${signals.dangerous_commands.length} dangerous command(s).`
      : "";
  const text = `Offline signal judge (no model): overall ${overall}/5 over ${signals.num_events} events (${signals.num_edits} edits, ${signals.num_test_runs} test runs, ${signals.edit_bursts} iteration(s)); ${outcome}.${verdict}${danger} Strongest: ${best} ${scores[best]}; weakest: ${worst} ${scores[worst]}.`;
  return text.slice(0, 600);
}
