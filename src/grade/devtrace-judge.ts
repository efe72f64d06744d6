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
  devtraceDefaultWeights,
  devtraceDimensions,
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
    const overall = weightedOverall(scores, weights);
    return {
      judge: offlineDevtraceJudgeName,
      offline: true,
      rubric_version: devtraceRubricVersion,
      weights,
      scores,
      overall,
      feedback_summary: offlineSummary(scores, overall, signals),
      observations: devtraceDimensions.map((dimension) => scored[dimension].observation),
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
  return {
    judge: `${result.provider}:${result.model}`,
    offline: false,
    rubric_version: devtraceRubricVersion,
    weights,
    scores,
    overall: weightedOverall(scores, weights),
    feedback_summary: answer.feedback_summary.slice(0, 600),
    observations: devtraceDimensions.map(
      (dimension) => `${dimension} ${scores[dimension]}/5: ${answer.observations[dimension]}`,
    ),
    signals: { ...signals },
    seed,
    ...(result.fingerprint === undefined ? {} : { fingerprint: result.fingerprint }),
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
  overall: number,
  signals: ReturnType<typeof measureDevtrace>,
): string {
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
  const text = `Offline signal judge (no model): overall ${overall}/5 over ${signals.num_events} events (${signals.num_edits} edits, ${signals.num_test_runs} test runs, ${signals.edit_bursts} iteration(s)); ${outcome}.${danger} Strongest: ${best} ${scores[best]}; weakest: ${worst} ${scores[worst]}.`;
  return text.slice(0, 600);
}
