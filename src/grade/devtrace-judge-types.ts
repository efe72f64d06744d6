/** Contract of the developer-trace judge: six dimensions 0–5, overall computed in code. */

export const devtraceDimensions = [
  "problem_understanding",
  "causal_linking",
  "experiment_design",
  "efficiency",
  "reproducibility",
  "safety_hygiene",
] as const;
export type DevtraceDimension = (typeof devtraceDimensions)[number];

/** Default weights (sum 1): 20 / 25 / 20 / 15 / 10 / 10 percent. */
export const devtraceDefaultWeights: Record<DevtraceDimension, number> = {
  problem_understanding: 0.2,
  causal_linking: 0.25,
  experiment_design: 0.2,
  efficiency: 0.15,
  reproducibility: 0.1,
  safety_hygiene: 0.1,
};

export type DevtraceOutcome = "fixed" | "not_fixed" | "unverified";

/**
 * A fix the sandbox showed failing can be well argued but is not a fix: its overall is capped
 * here (0–5), whatever the process scores are. 2.5 keeps a failed fix below the middle of the
 * scale and ≥ 1.5 points under a verified fix of similar process quality.
 */
export const notFixedOverallCap = 2.5;

export interface DevtraceJudgement {
  /** provider:model, e.g. "offline:devtrace-signals/v1" or "openai:gpt-4o-mini". */
  judge: string;
  offline: boolean;
  rubric_version: string;
  weights: Record<DevtraceDimension, number>;
  /** Each 0–5. */
  scores: Record<DevtraceDimension, number>;
  /** Weighted mean of scores, 0–5, rounded to 2 decimals, computed in code. */
  overall: number;
  feedback_summary: string;
  /** Per dimension or signal, why the score is what it is. */
  observations: string[];
  /**
   * What the sandbox showed: `fixed` (tests passed), `not_fixed` (they failed) or `unverified`
   * (they could not run, or no verification was given). Absent on judgements made before it.
   */
  outcome?: DevtraceOutcome;
  /** 5 when fixed, 0 when not fixed, null when unverified: computed from the sandbox, never judged. */
  fix_correctness?: number | null;
  /** Set when the outcome capped the overall (a failed verification). */
  cap?: { overall: number; reason: string };
  /** The weighted mean before the cap. */
  overall_uncapped?: number;
  /** Offline signals measured (tests pass after last edit, dangerous commands, …). */
  signals?: Record<string, unknown>;
  seed?: number;
  fingerprint?: string;
}
