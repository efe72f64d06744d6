import { resolve } from "node:path";
import { createCorrectionClient } from "../../correct/correction-client.js";
import {
  type CorrectAndTrainOptions,
  type CorrectAndTrainResult,
  correctAndTrain,
} from "../../train/train-pipeline.js";
import { toolVersion } from "../../version.js";
import type { PipelineCounts, PipelineDeps, PipelineReport } from "../types.js";

/** The episodes, where corrected copies go, the correction and training settings, what to skip. */
export interface RobotCorrectAndTrainInput
  extends Omit<
    CorrectAndTrainOptions,
    "client" | "runsDir" | "toolVersion" | "redactor" | "onProgress" | "logConsole"
  > {}

/**
 * Correct then train in one run (`correct-and-train`), in the one pipeline shape, by
 * `correctAndTrain` (src/train): read, correct (a model, or the offline smoothing baseline when
 * `deps.client` is absent and the configured provider is offline), train on the corrected copies,
 * optionally write LeRobot. Counts are episodes: written = trained on (corrected copies present
 * when training is skipped), skipped = left out when read, without a corrected copy, or without
 * usable samples. Progress phases `correct` and `train`.
 */
export async function correctAndTrainRobot(
  input: RobotCorrectAndTrainInput,
  deps: PipelineDeps,
): Promise<PipelineReport<CorrectAndTrainResult>> {
  const client = deps.client ?? createCorrectionClient(deps.config);
  const result = await correctAndTrain({
    ...input,
    runsDir: resolve(deps.config.runsDir),
    toolVersion,
    redactor: deps.redactor,
    ...(client === undefined ? {} : { client }),
    onProgress: (event) => deps.onProgress?.(event.phase, event.done, event.total, event.detail),
  });
  const counts = correctAndTrainCounts(result);
  return {
    kind: "training",
    runId: result.runId,
    status: counts.written === 0 && counts.in > 0 ? "failed" : "completed",
    counts,
    warnings: result.training?.warnings ?? [],
    outputs: [
      input.correctedDir,
      ...(result.training === undefined ? [] : [result.training.out]),
      ...(result.lerobot === undefined ? [] : [result.lerobot.outDir]),
    ],
    detail: result,
  };
}

function correctAndTrainCounts(result: CorrectAndTrainResult): PipelineCounts {
  const leftOut = result.read.leftOut.length + result.trainedOn.leftOut.length;
  const empty = result.training?.counts.empty ?? 0;
  const written = result.training?.counts.episodes ?? result.trainedOn.episodes;
  const skippedByReason = Object.fromEntries(
    Object.entries({ left_out: leftOut, no_steps: empty }).filter(([, count]) => count > 0),
  );
  return {
    in: written + leftOut + empty,
    written,
    quarantined: 0,
    skipped: leftOut + empty,
    quarantinedByReason: {},
    skippedByReason,
  };
}
