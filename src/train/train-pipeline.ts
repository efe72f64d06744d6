import type { CorrectEpisodesOptions, CorrectionSummary } from "../correct/index.js";
import { correctEpisodes, recordCorrectionSummary } from "../correct/index.js";
import type { ModelClient } from "../model/model-client.js";
import type { Redactor } from "../model/redact.js";
import { requestCounts } from "../model/request-metrics.js";
import { openRun, type Run } from "../runs/index.js";
import { type RunTally, tallyCounts } from "../runs/run-tally.js";
import type { Episode } from "../sources/robot/index.js";
import { readCheckpoint } from "./checkpoint.js";
import { episodeKey } from "./dataset.js";
import { type CheckpointEvaluation, evaluateCheckpoint } from "./evaluate.js";
import { exportLeRobot, type LeRobotExportResult } from "./lerobot-export.js";
import {
  readCorrectedCopies,
  readCorrectedFolder,
  readTrainingEpisodes,
  type TrainingEpisodes,
} from "./read-training-episodes.js";
import type { TrainingBackendChoice } from "./tensorflow.js";
import { type TrainBcResult, trainBc } from "./train-bc.js";
import type { TrainConfigInput } from "./train-config.js";

/**
 * What the `train-bc` and `correct-and-train` commands run, without commander: read episodes,
 * (correct them,) train inside a run folder, and optionally write a LeRobot dataset of the
 * episodes trained on. correct-and-train calls the correction stage (`correctEpisodes`) and trains
 * on the corrected copies it wrote; an episode whose correction failed is left out, with the reason.
 */
export interface TrainingRunOptions {
  out: string;
  train: TrainConfigInput;
  runsDir: string;
  toolVersion: string;
  redactor?: Redactor;
  /** Start over instead of resuming from checkpoints in `out`. */
  fresh?: boolean;
  backend?: TrainingBackendChoice;
  lerobot?: { dir: string; fps?: number; robotType?: string };
  logConsole?: { stream: NodeJS.WritableStream; level?: string };
  onProgress?: (event: PipelineProgress) => void;
}

export interface PipelineProgress {
  phase: "correct" | "train";
  done: number;
  total: number;
  detail: string;
}

export interface TrainPipelineResult {
  runId: string;
  /** Episodes in = trained on (written) + skipped (left out when read, or without steps). */
  tally: RunTally;
  read: {
    episodes: number;
    source: TrainingEpisodes["source"];
    leftOut: TrainingEpisodes["leftOut"];
  };
  training: TrainBcResult;
  lerobot?: LeRobotExportResult;
}

export async function runTrainPipeline(
  input: { data?: string; episodes?: string[]; includeFailed?: boolean },
  options: TrainingRunOptions,
): Promise<TrainPipelineResult> {
  const read = await readTrainingEpisodes(input);
  const run = await openTrainingRun("train-bc", read.episodes, options);
  try {
    await recordLeftOut(run, read.leftOut);
    const training = await trainIn(run, read.episodes, options);
    const tally = trainingTally(
      read.episodes.length + read.leftOut.length,
      read.leftOut.length,
      training,
    );
    run.addMetrics({ counts: tallyCounts(tally) });
    const lerobot = await maybeExport(read.episodes, options);
    await run.finish("completed");
    return {
      runId: run.id,
      tally,
      read: { episodes: read.episodes.length, source: read.source, leftOut: read.leftOut },
      training,
      ...(lerobot ? { lerobot } : {}),
    };
  } catch (error) {
    await run.finish("failed");
    throw error;
  }
}

export interface EvaluatePipelineResult {
  evaluation: CheckpointEvaluation;
  /** Which episodes were scored: the checkpoint's validation split, or everything given. */
  heldOut: "validation-split" | "all-given";
  leftOut: TrainingEpisodes["leftOut"];
  /** Episodes read, and those given to the checkpoint (the held-out part, or all of them). */
  read: { episodes: number; scored: number };
}

/** Scores a checkpoint on the given episodes' held-out part (its validation split when present). */
export async function runEvaluatePipeline(
  checkpointDir: string,
  input: { data?: string; episodes?: string[]; includeFailed?: boolean },
  options: { backend?: TrainingBackendChoice } = {},
): Promise<EvaluatePipelineResult> {
  const read = await readTrainingEpisodes(input);
  const checkpoint = await readCheckpoint(checkpointDir);
  const validation = new Set(checkpoint.split.validation);
  const heldOut = read.episodes.filter((episode) => validation.has(episodeKey(episode)));
  const scored = heldOut.length > 0 ? heldOut : read.episodes;
  return {
    evaluation: await evaluateCheckpoint(checkpointDir, scored, options),
    heldOut: heldOut.length > 0 ? "validation-split" : "all-given",
    leftOut: read.leftOut,
    read: { episodes: read.episodes.length, scored: scored.length },
  };
}

export interface CorrectAndTrainOptions extends TrainingRunOptions {
  input: { baseDir?: string; episodes?: string[]; includeFailed?: boolean };
  correctedDir: string;
  correction: Omit<CorrectEpisodesOptions, "correctedDir" | "onProgress" | "client" | "dryRun">;
  client?: ModelClient;
  /** Train on the episodes as recorded (no correction). */
  skipCorrection?: boolean;
  /** Correct only. */
  skipTraining?: boolean;
  /** Train on whatever `correctedDir` already holds, without correcting. */
  useExistingCorrected?: boolean;
}

export interface CorrectAndTrainResult {
  runId: string;
  read: { episodes: number; leftOut: TrainingEpisodes["leftOut"] };
  correction?: CorrectionSummary;
  trainedOn: {
    episodes: number;
    source: "recorded" | "corrected";
    leftOut: TrainingEpisodes["leftOut"];
  };
  training?: TrainBcResult;
  lerobot?: LeRobotExportResult;
}

export async function correctAndTrain(
  options: CorrectAndTrainOptions,
): Promise<CorrectAndTrainResult> {
  const useExisting = options.useExistingCorrected === true;
  const hasInput = options.input.baseDir !== undefined || (options.input.episodes?.length ?? 0) > 0;
  const read: Omit<TrainingEpisodes, "source"> =
    useExisting && !hasInput
      ? await readCorrectedFolder(options.correctedDir)
      : await readTrainingEpisodes({
          ...(options.input.baseDir !== undefined ? { data: options.input.baseDir } : {}),
          ...(options.input.episodes ? { episodes: options.input.episodes } : {}),
          includeFailed: options.input.includeFailed === true,
        });
  const run = await openTrainingRun("correct-and-train", read.episodes, options);
  try {
    await recordLeftOut(run, read.leftOut);
    let correction: CorrectionSummary | undefined;
    if (!options.skipCorrection && !useExisting) {
      correction = await correctEpisodes(read.episodes, {
        ...options.correction,
        correctedDir: options.correctedDir,
        ...(options.client ? { client: options.client } : {}),
        onProgress: (event) =>
          options.onProgress?.({
            phase: "correct",
            done: event.done,
            total: event.total,
            detail: `${event.session}/${event.episode} ${event.status}`,
          }),
      });
      await recordCorrection(run, correction, read.leftOut.length);
      if (options.client !== undefined)
        run.addMetrics({ counts: prefixed("correct.", requestCounts(options.client.usage())) });
    }
    const trainedOn =
      options.skipCorrection && !useExisting
        ? { episodes: read.episodes, leftOut: [] }
        : useExisting && !hasInput
          ? { episodes: read.episodes, leftOut: [] }
          : await readCorrectedCopies(options.correctedDir, read.episodes);
    await recordLeftOut(run, trainedOn.leftOut);
    const training = options.skipTraining
      ? undefined
      : await trainIn(run, trainedOn.episodes, options);
    if (training !== undefined) {
      const counts = tallyCounts(
        trainingTally(
          trainedOn.episodes.length + trainedOn.leftOut.length,
          trainedOn.leftOut.length,
          training,
        ),
      );
      run.addMetrics({ counts: prefixed("train.", counts) });
    }
    const lerobot = await maybeExport(trainedOn.episodes, options);
    await run.finish("completed");
    return {
      runId: run.id,
      read: { episodes: read.episodes.length, leftOut: read.leftOut },
      ...(correction ? { correction } : {}),
      trainedOn: {
        episodes: trainedOn.episodes.length,
        source: options.skipCorrection && !useExisting ? "recorded" : "corrected",
        leftOut: trainedOn.leftOut,
      },
      ...(training ? { training } : {}),
      ...(lerobot ? { lerobot } : {}),
    };
  } catch (error) {
    await run.finish("failed");
    throw error;
  }
}

function openTrainingRun(command: string, episodes: Episode[], options: TrainingRunOptions) {
  return openRun({
    runsDir: options.runsDir,
    command,
    inputs: episodes.map((episode) => episode.path),
    config: { train: options.train, out: options.out, fresh: options.fresh === true },
    toolVersion: options.toolVersion,
    ...(options.redactor ? { redactor: options.redactor } : {}),
    ...(options.logConsole ? { logConsole: options.logConsole } : {}),
  });
}

async function trainIn(run: Run, episodes: Episode[], options: TrainingRunOptions) {
  return trainBc({
    episodes,
    out: options.out,
    config: options.train,
    run,
    resume: options.fresh !== true,
    ...(options.backend ? { backend: options.backend } : {}),
    onProgress: (event) =>
      options.onProgress?.({
        phase: "train",
        done: event.iteration,
        total: event.iterations,
        detail: `loss ${event.train.total.toFixed(4)}`,
      }),
  });
}

async function maybeExport(episodes: Episode[], options: TrainingRunOptions) {
  if (!options.lerobot) return undefined;
  return exportLeRobot(episodes, options.lerobot.dir, {
    ...(options.lerobot.fps !== undefined ? { fps: options.lerobot.fps } : {}),
    ...(options.lerobot.robotType !== undefined ? { robotType: options.lerobot.robotType } : {}),
  });
}

function prefixed(prefix: string, counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts).map(([key, value]) => [`${prefix}${key}`, value]),
  );
}

/** The episodes of a training run, each trained on or skipped with its reason. */
export function trainingTally(
  episodesIn: number,
  leftOut: number,
  training: Pick<TrainBcResult, "counts">,
): RunTally {
  return {
    in: episodesIn,
    written: training.counts.episodes,
    quarantined: 0,
    skipped: { left_out: leftOut, no_steps: training.counts.empty },
  };
}

async function recordLeftOut(run: Run, leftOut: TrainingEpisodes["leftOut"]) {
  for (const item of leftOut) {
    await run.warn({ stage: "read", item: item.what, code: "left_out", message: item.reason });
  }
}

async function recordCorrection(run: Run, summary: CorrectionSummary, leftOut: number) {
  await recordCorrectionSummary(run, summary, "correct.", leftOut);
  await run.event({ type: "correct-summary", stage: "correct", judge: summary.judge.name });
}
