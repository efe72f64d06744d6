import { resolve } from "node:path";
import type { Command } from "commander";
import type { Config } from "../../core/config.js";
import { TracemillError } from "../../core/errors.js";
import type { ModelClient } from "../../model/model-client.js";
import { createRedactor } from "../../model/redact.js";
import {
  correctAndTrainRobot,
  evaluateRobotPolicy,
  trainRobotPolicy,
} from "../../pipelines/robot/index.js";
import type { PipelineDeps } from "../../pipelines/types.js";
import {
  renderCorrectAndTrain,
  renderEvaluation,
  renderTrainResult,
} from "../../train/render-training.js";
import type { TrainConfigInput } from "../../train/train-config.js";
import type {
  CorrectAndTrainResult,
  PipelineProgress,
  TrainingRunOptions,
  TrainPipelineResult,
} from "../../train/train-pipeline.js";
import { toolVersion } from "../../version.js";
import { integerFlag, numberFlag } from "../flag-values.js";
import { configFor, emit, globalOptions } from "../output.js";
import { createPhaseProgress } from "../progress.js";
import { correctionOptionsFromFlags } from "./correct.js";

/** Flags shared by train-bc and correct-and-train (commander keeps them as strings). */
export interface TrainingFlags {
  out: string;
  iterations?: string;
  batchSize?: string;
  lr?: string;
  weightDecay?: string;
  hiddenDim?: string;
  numLayers?: string;
  dropout?: string;
  wDelta?: string;
  wJump?: string;
  wSat?: string;
  wJac?: string;
  deltaMax?: string;
  satMargin?: string;
  checkpointFreq?: string;
  seed?: string;
  fresh?: boolean;
  backend?: string;
  export?: string[];
  fps?: string;
  robotType?: string;
  includeFailed?: boolean;
}

export interface TrainBcFlags extends TrainingFlags {
  data?: string;
  episodes?: string[];
  evaluate?: string;
}

export interface CorrectAndTrainFlags extends TrainingFlags {
  baseDir?: string;
  episodes?: string[];
  correctedDir: string;
  skipCorrection?: boolean;
  skipTraining?: boolean;
  forceRecorrect?: boolean;
  useExistingCorrected?: boolean;
  /** commander's --no-images / --no-transcript set these to false. */
  images?: boolean;
  transcript?: boolean;
  contextSteps?: string;
  minSegment?: string;
  imageSampleRate?: string;
  maxRetries?: string;
  numWorkers?: string;
  strategy?: string;
  provider?: string;
  baseUrl?: string;
  apiKey?: string;
  hz?: string;
}

/** `train-bc` (loaded when the command runs; the options live in train-command.ts). */
export async function trainBcAction(flags: TrainBcFlags, command: Command): Promise<void> {
  const config = await configFor(command);
  if (flags.evaluate !== undefined) {
    const { detail: result } = await evaluateRobotPolicy(
      { checkpoint: flags.evaluate, source: inputOf(flags), ...backendOf(flags) },
      { config, redactor: createRedactor(config.redaction) },
    );
    emit(command, () => renderEvaluation(result), result);
    return;
  }
  const progress = progressFor(command);
  try {
    const result = await runTrainBc(flags, { config, onProgress: progress.onProgress });
    progress.stop();
    emit(command, () => renderTrainResult(result), result);
  } finally {
    progress.stop();
  }
}

/** `correct-and-train` (loaded when the command runs; the options live in train-command.ts). */
export async function correctAndTrainAction(
  flags: CorrectAndTrainFlags,
  command: Command,
): Promise<void> {
  const config = await configFor(command, {
    model: { provider: flags.provider, baseUrl: flags.baseUrl, apiKey: flags.apiKey },
  });
  const progress = progressFor(command);
  try {
    const result = await runCorrectAndTrain(flags, { config, onProgress: progress.onProgress });
    progress.stop();
    emit(command, () => renderCorrectAndTrain(result), result);
  } finally {
    progress.stop();
  }
}

export async function runTrainBc(
  flags: TrainBcFlags,
  deps: { config: Config; onProgress?: (event: PipelineProgress) => void },
): Promise<TrainPipelineResult> {
  const options = trainingRunOptions(flags, deps);
  const report = await trainRobotPolicy(
    {
      source: inputOf(flags),
      out: options.out,
      train: options.train,
      ...(options.fresh === undefined ? {} : { fresh: options.fresh }),
      ...(options.backend === undefined ? {} : { backend: options.backend }),
      ...(options.lerobot === undefined ? {} : { lerobot: options.lerobot }),
    },
    {
      config: deps.config,
      redactor: options.redactor ?? createRedactor(deps.config.redaction),
      ...phaseProgressOf(deps.onProgress),
    },
  );
  return report.detail;
}

export async function runCorrectAndTrain(
  flags: CorrectAndTrainFlags,
  deps: { config: Config; client?: ModelClient; onProgress?: (event: PipelineProgress) => void },
): Promise<CorrectAndTrainResult> {
  const correction = correctionOptionsFromFlags(flags);
  const hasInput = flags.baseDir !== undefined || (flags.episodes?.length ?? 0) > 0;
  if (flags.baseDir !== undefined && (flags.episodes?.length ?? 0) > 0) {
    throw new TracemillError("input_invalid", "give either --base-dir or --episodes, not both");
  }
  if (!hasInput && flags.useExistingCorrected !== true) {
    throw new TracemillError(
      "input_invalid",
      "give --base-dir <study> or --episodes <file…> (or --use-existing-corrected)",
    );
  }
  const { out, train, fresh, backend, lerobot } = trainingRunOptions(flags, deps);
  const report = await correctAndTrainRobot(
    {
      out,
      train,
      ...(fresh === undefined ? {} : { fresh }),
      ...(backend === undefined ? {} : { backend }),
      ...(lerobot === undefined ? {} : { lerobot }),
      input: {
        ...(flags.baseDir !== undefined ? { baseDir: resolve(flags.baseDir) } : {}),
        ...(flags.episodes ? { episodes: flags.episodes.map((file) => resolve(file)) } : {}),
        includeFailed: flags.includeFailed === true,
      },
      correctedDir: resolve(flags.correctedDir),
      correction,
      skipCorrection: flags.skipCorrection === true,
      skipTraining: flags.skipTraining === true,
      useExistingCorrected: flags.useExistingCorrected === true,
    },
    {
      config: deps.config,
      redactor: createRedactor(deps.config.redaction),
      ...(deps.client === undefined ? {} : { client: deps.client }),
      ...phaseProgressOf(deps.onProgress),
    },
  );
  return report.detail;
}

/** The training commands' progress callback as the pipelines' one progress shape. */
function phaseProgressOf(
  onProgress: ((event: PipelineProgress) => void) | undefined,
): Pick<PipelineDeps, "onProgress"> {
  if (onProgress === undefined) return {};
  return {
    onProgress: (phase, done, total, detail) =>
      onProgress({
        phase: phase as PipelineProgress["phase"],
        done,
        total: total ?? 0,
        detail: detail ?? "",
      }),
  };
}

function inputOf(flags: TrainBcFlags) {
  return {
    ...(flags.data !== undefined ? { data: resolve(flags.data) } : {}),
    ...(flags.episodes ? { episodes: flags.episodes.map((file) => resolve(file)) } : {}),
    includeFailed: flags.includeFailed === true,
  };
}

function backendOf(flags: TrainingFlags): { backend?: "auto" | "wasm" | "cpu" } {
  const backend = flags.backend ?? "auto";
  if (backend !== "auto" && backend !== "wasm" && backend !== "cpu") {
    throw new TracemillError(
      "input_invalid",
      `--backend must be auto, wasm or cpu, not "${backend}"`,
    );
  }
  return { backend };
}

export function trainConfigFromFlags(flags: TrainingFlags): TrainConfigInput {
  return {
    iterations: integerFlag("--iterations", flags.iterations, { min: 1, fallback: 1000 }),
    batchSize: integerFlag("--batch-size", flags.batchSize, { min: 2, fallback: 256 }),
    learningRate: numberFlag("--lr", flags.lr, { positive: true, fallback: 1e-2 }),
    weightDecay: numberFlag("--weight-decay", flags.weightDecay, { fallback: 1e-4 }),
    hiddenDim: integerFlag("--hidden-dim", flags.hiddenDim, { min: 1, fallback: 256 }),
    numLayers: integerFlag("--num-layers", flags.numLayers, { min: 1, fallback: 2 }),
    dropout: numberFlag("--dropout", flags.dropout, { max: 0.9, fallback: 0.1 }),
    wDelta: numberFlag("--w-delta", flags.wDelta, { fallback: 1 }),
    wJump: numberFlag("--w-jump", flags.wJump, { fallback: 1 }),
    wSat: numberFlag("--w-sat", flags.wSat, { fallback: 0.1 }),
    wJac: numberFlag("--w-jac", flags.wJac, { fallback: 0 }),
    deltaMax: numberFlag("--delta-max", flags.deltaMax, { fallback: 0.15 }),
    satMargin: numberFlag("--sat-margin", flags.satMargin, { fallback: 0.9 }),
    checkpointFreq: integerFlag("--checkpoint-freq", flags.checkpointFreq, {
      min: 1,
      fallback: 100,
    }),
    seed: integerFlag("--seed", flags.seed, { min: 0, fallback: 42 }),
  };
}

function trainingRunOptions(
  flags: TrainingFlags,
  deps: { config: Config; onProgress?: (event: PipelineProgress) => void },
): TrainingRunOptions {
  const lerobot = lerobotOf(flags);
  return {
    out: resolve(flags.out),
    train: trainConfigFromFlags(flags),
    runsDir: resolve(deps.config.runsDir),
    toolVersion,
    redactor: createRedactor(deps.config.redaction),
    fresh: flags.fresh === true,
    ...backendOf(flags),
    ...(lerobot ? { lerobot } : {}),
    ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
  };
}

function lerobotOf(flags: TrainingFlags): TrainingRunOptions["lerobot"] {
  if (flags.export === undefined) return undefined;
  const [format, dir, ...rest] = flags.export;
  if (format !== "lerobot" || dir === undefined || rest.length > 0) {
    throw new TracemillError(
      "input_invalid",
      `--export takes "lerobot <folder>", not "${flags.export.join(" ")}"`,
    );
  }
  return {
    dir: resolve(dir),
    fps: numberFlag("--fps", flags.fps, { positive: true, fallback: 10 }),
    ...(flags.robotType !== undefined ? { robotType: flags.robotType } : {}),
  };
}

/** The training commands' progress events, drawn through the one phase-progress edge. */
function progressFor(command: Command) {
  const quiet = globalOptions(command).quiet || globalOptions(command).json;
  const phases = createPhaseProgress({ quiet });
  let stopped = false;
  return {
    onProgress(event: PipelineProgress) {
      phases.onProgress(event.phase, event.done, event.total, event.detail);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      phases.stop();
    },
  };
}
