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
  /** Offline signals measured (tests pass after last edit, dangerous commands, …). */
  signals?: Record<string, unknown>;
  seed?: number;
  fingerprint?: string;
}
