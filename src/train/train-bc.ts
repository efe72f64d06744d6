import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Tensor } from "@tensorflow/tfjs";
import { canonicalJson } from "../core/canonical-json.js";
import { TracemillError } from "../core/errors.js";
import type { Run } from "../runs/index.js";
import type { Episode } from "../sources/robot/episode.js";
import { createAdamW } from "./adamw.js";
import { batchLoss, readLossValues, uploadSamples } from "./batch-loss.js";
import { createBatchSampler, flattenSequences, wholeBatch } from "./batches.js";
import {
  type CheckpointData,
  checkpointDirectory,
  latestCheckpoint,
  readCheckpoint,
  saveCheckpoint,
} from "./checkpoint.js";
import { buildDataset, type Dataset, type DatasetSplit, episodeKey } from "./dataset.js";
import { type LossRecord, renderLossSvg, writeLossPng } from "./loss-plot.js";
import {
  appendLossRecord,
  lossesFileName,
  readLossRecords,
  truncateLossRecords,
} from "./losses-file.js";
import {
  createPolicy,
  initialWeights,
  layerNormEpsilon,
  type PolicyArchitecture,
} from "./policy.js";
import { deriveSeed } from "./random.js";
import { loadTensorflow, type TrainingBackend, type TrainingBackendChoice } from "./tensorflow.js";
import {
  type LossValues,
  lossTermNames,
  resumableConfigKeys,
  type TrainConfig,
  type TrainConfigInput,
  trainConfigSchema,
} from "./train-config.js";

/**
 * `trainBc`: behaviour cloning on episodes, writing into `out`: checkpoints every
 * `checkpointFreq` iterations (and at the end), `losses.jsonl`, `loss.svg`/`loss.png`. When `out`
 * already holds checkpoints, training continues from the newest one (same config except the
 * iteration count and logging cadence, same episodes); batches and dropout masks are functions of
 * (seed, iteration), so a resumed run ends with the same weights as an uninterrupted one. With a
 * `run`, validation losses go to its events, counts and durations to its metrics, dataset
 * problems to its warnings, and each checkpoint is an item of its "train" stage.
 */
export interface TrainBcOptions {
  episodes: Episode[];
  out: string;
  config?: TrainConfigInput;
  run?: Run;
  /** Continue from the newest checkpoint in `out` (default true); false deletes old checkpoints. */
  resume?: boolean;
  backend?: TrainingBackendChoice;
  onProgress?: (progress: { iteration: number; iterations: number; train: LossValues }) => void;
}

export interface TrainBcResult {
  out: string;
  backend: TrainingBackend;
  config: TrainConfig;
  iterations: number;
  resumedFrom?: number;
  checkpoints: string[];
  lastCheckpoint: string;
  /** Mean train terms of the first and the last logging window of this call. */
  firstTrain?: LossValues;
  lastTrain?: LossValues;
  validation?: LossValues;
  split: DatasetSplit;
  counts: Dataset["counts"] & { trainSamples: number; validationSamples: number };
  warnings: string[];
  durationMs: number;
  plot: string;
  losses: string;
}

export async function trainBc(options: TrainBcOptions): Promise<TrainBcResult> {
  const started = performance.now();
  const config = trainConfigSchema.parse(options.config ?? {});
  const { tf, backend } = await loadTensorflow(options.backend);
  // Starting over must not leave older, higher-numbered checkpoints that a later resume would pick.
  if (options.resume === false)
    await rm(join(options.out, "checkpoints"), { recursive: true, force: true });
  await mkdir(join(options.out, "checkpoints"), { recursive: true });
  const lossesPath = join(options.out, lossesFileName);

  const previousDir = options.resume === false ? undefined : await latestCheckpoint(options.out);
  const previous = previousDir ? await readCheckpoint(previousDir) : undefined;
  if (previous) {
    assertResumable(previous, config, previousDir as string);
    assertSameEpisodes(previous.split, options.episodes, previousDir as string);
  }

  const dataset = buildDataset(options.episodes, {
    seed: config.seed,
    validationFraction: config.validationFraction,
    stdFloor: config.stdFloor,
    ...(previous ? { split: previous.split, stats: previous.normalization } : {}),
  });
  const stage = await options.run?.stage("train");
  for (const message of dataset.warnings) {
    await options.run?.warn({ stage: "train", code: "dataset", message });
  }

  const architecture: PolicyArchitecture = {
    observationDim: dataset.observationDim,
    actionDim: dataset.actionDim,
    hiddenDim: config.hiddenDim,
    numLayers: config.numLayers,
    dropout: config.dropout,
    layerNormEpsilon,
  };
  const policy = createPolicy(
    tf,
    architecture,
    previous?.weights ?? initialWeights(architecture, config.seed),
  );
  const optimizer = createAdamW(
    tf,
    policy.parameters,
    { learningRate: config.learningRate, weightDecay: config.weightDecay },
    previous?.optimizer,
  );
  const trainFlat = flattenSequences(dataset.train, dataset.observationDim, dataset.actionDim);
  const validationFlat = flattenSequences(
    dataset.validation,
    dataset.observationDim,
    dataset.actionDim,
  );
  const trainSamples = uploadSamples(tf, trainFlat, dataset.observationDim, dataset.actionDim);
  const validationSamples =
    validationFlat.count > 0
      ? uploadSamples(tf, validationFlat, dataset.observationDim, dataset.actionDim)
      : undefined;
  const validationBatch = wholeBatch(dataset.validation, validationFlat.offsets);
  const sampleBatch = createBatchSampler(dataset.train, trainFlat.offsets, {
    batchSize: config.batchSize,
    windowLength: config.windowLength,
    seed: config.seed,
  });
  const parameterByVariable = new Map(
    policy.parameters.map((parameter) => [parameter.variable.name, parameter.name]),
  );
  const variables = policy.parameters.map((parameter) => parameter.variable);

  const startIteration = previous?.iteration ?? 0;
  if (previous) await truncateLossRecords(lossesPath, startIteration);
  else await writeFile(lossesPath, "");
  const checkpoints: string[] = [];
  let lastCheckpoint = previousDir ?? "";
  let window: LossValues[] = [];
  let firstTrain: LossValues | undefined;
  let lastTrain: LossValues | undefined;
  let validation = previous?.validation;

  const validate = (): LossValues | undefined => {
    if (!validationSamples) return undefined;
    return tf.tidy(() =>
      readLossValues(
        tf,
        batchLoss(tf, policy, validationSamples, validationBatch, config, { training: false }),
      ),
    );
  };
  const snapshot = (iteration: number): CheckpointData => ({
    iteration,
    config,
    architecture,
    normalization: dataset.stats,
    split: dataset.split,
    weights: policy.readWeights(),
    optimizer: optimizer.readState(),
    ...(validation ? { validation } : {}),
  });

  try {
    if (startIteration === 0) {
      validation = validate();
      if (validation) {
        await appendLossRecord(lossesPath, {
          iteration: 0,
          split: "validation",
          terms: validation,
        });
      }
    }
    for (let iteration = startIteration + 1; iteration <= config.iterations; iteration++) {
      const batch = sampleBatch(iteration);
      const values = tf.tidy(() => {
        let values: LossValues | undefined;
        const { grads } = tf.variableGrads(() => {
          const terms = batchLoss(tf, policy, trainSamples, batch, config, {
            training: true,
            dropoutSeed: deriveSeed(config.seed, 0xd0, iteration),
          });
          // Read here: variableGrads disposes everything but the total once it returns.
          values = readLossValues(tf, terms);
          return terms.total;
        }, variables);
        const named: Record<string, Tensor> = {};
        for (const [variableName, gradient] of Object.entries(grads)) {
          const name = parameterByVariable.get(variableName);
          if (name) named[name] = gradient;
        }
        optimizer.apply(named);
        return values as LossValues;
      });
      if (!lossTermNames.every((name) => Number.isFinite(values[name]))) {
        throw new TracemillError(
          "internal",
          `training diverged at iteration ${iteration} (a loss term is not finite); lower --lr`,
        );
      }
      window.push(values);
      if (iteration % config.logFreq === 0 || iteration === config.iterations) {
        const mean = meanValues(window);
        window = [];
        firstTrain ??= mean;
        lastTrain = mean;
        await appendLossRecord(lossesPath, { iteration, split: "train", terms: mean });
      }
      const checkpointDue =
        iteration % config.checkpointFreq === 0 || iteration === config.iterations;
      if (iteration % config.validationFreq === 0 || checkpointDue) {
        validation = validate();
        if (validation) {
          await appendLossRecord(lossesPath, { iteration, split: "validation", terms: validation });
          await options.run?.event({
            type: "train-validation",
            stage: "train",
            iteration,
            ...validation,
          });
        }
      }
      if (checkpointDue) {
        const dir = checkpointDirectory(options.out, iteration);
        await saveCheckpoint(dir, snapshot(iteration));
        checkpoints.push(dir);
        lastCheckpoint = dir;
        await stage?.appendItem(`step_${iteration}`, {
          iteration,
          dir,
          ...(validation ? { validation } : {}),
          ...(lastTrain ? { train: lastTrain } : {}),
        });
      }
      options.onProgress?.({ iteration, iterations: config.iterations, train: values });
    }
  } finally {
    policy.dispose();
    optimizer.dispose();
    trainSamples.dispose();
    validationSamples?.dispose();
  }
  if (lastCheckpoint === "") {
    throw new TracemillError("internal", "training finished without a checkpoint");
  }

  const records: LossRecord[] = await readLossRecords(lossesPath);
  const svg = renderLossSvg(
    records,
    `behaviour cloning: ${dataset.counts.episodes} episodes, ${config.iterations} iterations`,
  );
  const plot = join(options.out, "loss.png");
  await writeFile(join(options.out, "loss.svg"), svg);
  await writeLossPng(svg, plot);
  await stage?.complete();
  const durationMs = Math.round(performance.now() - started);
  options.run?.addMetrics({
    counts: {
      "train.iterations": Math.max(0, config.iterations - startIteration),
      "train.checkpoints": checkpoints.length,
      "train.samples": trainFlat.count,
    },
    durationsMs: { train: durationMs },
  });
  return {
    out: options.out,
    backend,
    config,
    iterations: config.iterations,
    ...(previous ? { resumedFrom: previous.iteration } : {}),
    checkpoints,
    lastCheckpoint,
    ...(firstTrain ? { firstTrain } : {}),
    ...(lastTrain ? { lastTrain } : {}),
    ...(validation ? { validation } : {}),
    split: dataset.split,
    counts: {
      ...dataset.counts,
      trainSamples: trainFlat.count,
      validationSamples: validationFlat.count,
    },
    warnings: dataset.warnings,
    durationMs,
    plot,
    losses: lossesPath,
  };
}

function meanValues(values: LossValues[]): LossValues {
  return Object.fromEntries(
    lossTermNames.map((name) => [
      name,
      values.reduce((sum, value) => sum + value[name], 0) / Math.max(1, values.length),
    ]),
  ) as LossValues;
}

function assertResumable(previous: CheckpointData, config: TrainConfig, dir: string): void {
  const changed = (Object.keys(config) as (keyof TrainConfig)[]).filter(
    (key) =>
      !resumableConfigKeys.has(key) &&
      canonicalJson(config[key]) !== canonicalJson(previous.config[key]),
  );
  if (changed.length > 0) {
    throw new TracemillError(
      "drift",
      `cannot resume from ${dir}: ${changed.map((key) => `${key} ${String(previous.config[key])} → ${String(config[key])}`).join(", ")}; use another --out or start over`,
    );
  }
}

function assertSameEpisodes(previous: DatasetSplit, episodes: Episode[], dir: string): void {
  const before = [...previous.train, ...previous.validation].sort().join("\n");
  const now = episodes
    .filter((episode) => episode.steps.length > 0)
    .map(episodeKey)
    .sort()
    .join("\n");
  if (before !== now) {
    throw new TracemillError(
      "drift",
      `cannot resume from ${dir}: the episodes differ from the ones it was trained on`,
    );
  }
}
