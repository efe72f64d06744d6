import { resolve } from "node:path";
import type { TrainingBackendChoice } from "../../train/tensorflow.js";
import { type EvaluatePipelineResult, runEvaluatePipeline } from "../../train/train-pipeline.js";
import type { PipelineDeps, PipelineReport } from "../types.js";

/** A checkpoint to score and the episodes to score it on (a study or corrected folder, or files). */
export interface RobotEvaluationInput {
  checkpoint: string;
  source: { data?: string; episodes?: string[]; includeFailed?: boolean };
  backend?: TrainingBackendChoice;
}

/**
 * `train-bc --evaluate` in the one pipeline shape: scores a behaviour-cloning checkpoint on the
 * episodes' held-out part (its validation split when the episodes hold it, else all of them).
 * Counts are episodes: in = read + left out when read; written = scored; skipped by reason
 * `left_out` (unreadable or ruled out), `not_held_out` (trained on), `no_samples` (nothing to
 * score). Nothing is written, so there is no run folder.
 */
export async function evaluateRobotPolicy(
  input: RobotEvaluationInput,
  deps: PipelineDeps,
): Promise<PipelineReport<EvaluatePipelineResult>> {
  deps.onProgress?.("evaluate", 0, 1);
  const result = await runEvaluatePipeline(resolve(input.checkpoint), input.source, {
    ...(input.backend === undefined ? {} : { backend: input.backend }),
  });
  deps.onProgress?.("evaluate", 1, 1);
  const scored = result.evaluation.episodes;
  const skippedByReason = withoutZeros({
    left_out: result.leftOut.length,
    not_held_out: result.read.episodes - result.read.scored,
    no_samples: result.read.scored - scored,
  });
  const skipped = Object.values(skippedByReason).reduce((sum, count) => sum + count, 0);
  return {
    kind: "training",
    runId: undefined,
    status: scored === 0 ? "failed" : "completed",
    counts: {
      in: scored + skipped,
      written: scored,
      quarantined: 0,
      skipped,
      quarantinedByReason: {},
      skippedByReason,
    },
    warnings: result.leftOut.map((item) => `${item.what}: ${item.reason}`),
    outputs: [],
    detail: result,
  };
}

function withoutZeros(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0));
}
