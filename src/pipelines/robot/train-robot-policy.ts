import { resolve } from "node:path";
import {
  runTrainPipeline,
  type TrainingRunOptions,
  type TrainPipelineResult,
} from "../../train/train-pipeline.js";
import { toolVersion } from "../../version.js";
import { countsFromTally, type PipelineDeps, type PipelineReport } from "../types.js";

/** The episodes to train on (a study or corrected folder, or loose files) and the training run. */
export interface RobotTrainingInput {
  source: { data?: string; episodes?: string[]; includeFailed?: boolean };
  out: string;
  train: TrainingRunOptions["train"];
  fresh?: boolean;
  backend?: TrainingRunOptions["backend"];
  /** Also write the episodes as a LeRobot dataset. */
  lerobot?: TrainingRunOptions["lerobot"];
}

/**
 * Behaviour-cloning training in the one pipeline shape, by `runTrainPipeline` (src/train): read
 * episodes, train a policy with checkpoints (resumable), optionally write LeRobot. Counts are
 * episodes: written = trained on, skipped = left out when read or without usable samples.
 * Progress is phase `train`, in iterations.
 */
export async function trainRobotPolicy(
  input: RobotTrainingInput,
  deps: PipelineDeps,
): Promise<PipelineReport<TrainPipelineResult>> {
  const result = await runTrainPipeline(input.source, {
    out: input.out,
    train: input.train,
    runsDir: resolve(deps.config.runsDir),
    toolVersion,
    redactor: deps.redactor,
    ...(input.fresh === undefined ? {} : { fresh: input.fresh }),
    ...(input.backend === undefined ? {} : { backend: input.backend }),
    ...(input.lerobot === undefined ? {} : { lerobot: input.lerobot }),
    onProgress: (event) => deps.onProgress?.(event.phase, event.done, event.total, event.detail),
  });
  const counts = countsFromTally(result.tally);
  return {
    kind: "training",
    runId: result.runId,
    status: counts.written === 0 && counts.in > 0 ? "failed" : "completed",
    counts,
    warnings: result.training.warnings,
    outputs: [
      result.training.out,
      ...(result.lerobot === undefined ? [] : [result.lerobot.outDir]),
    ],
    detail: result,
  };
}
