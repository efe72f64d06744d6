import type { Tensor2D } from "@tensorflow/tfjs";
import type { Episode } from "../sources/robot/episode.js";
import { batchLoss, readLossValues, uploadSamples } from "./batch-loss.js";
import { flattenSequences, wholeBatch } from "./batches.js";
import { readCheckpoint } from "./checkpoint.js";
import { buildDataset } from "./dataset.js";
import { createPolicy } from "./policy.js";
import { loadTensorflow, type TrainingBackendChoice } from "./tensorflow.js";
import type { LossValues } from "./train-config.js";

/**
 * Held-out evaluation of a checkpoint: every loss term (with the checkpoint's config and
 * normalisation statistics, no dropout) and the unweighted action error — mean absolute error per
 * action dimension and RMSE per dimension and overall — over the kept steps of the episodes given.
 */
export interface CheckpointEvaluation {
  checkpoint: string;
  iteration: number;
  episodes: number;
  samples: number;
  terms: LossValues;
  mae: number[];
  rmsePerDimension: number[];
  rmse: number;
}

export async function evaluateCheckpoint(
  dir: string,
  episodes: Episode[],
  options: { backend?: TrainingBackendChoice } = {},
): Promise<CheckpointEvaluation> {
  const checkpoint = await readCheckpoint(dir);
  const { tf } = await loadTensorflow(options.backend);
  const dataset = buildDataset(episodes, {
    seed: checkpoint.config.seed,
    validationFraction: checkpoint.config.validationFraction,
    stdFloor: checkpoint.config.stdFloor,
    // Every episode given is held out here: none goes to a validation side.
    split: { validation: [], byTime: false },
    stats: checkpoint.normalization,
  });
  const flat = flattenSequences(dataset.train, dataset.observationDim, dataset.actionDim);
  const policy = createPolicy(tf, checkpoint.architecture, checkpoint.weights);
  const samples = uploadSamples(tf, flat, dataset.observationDim, dataset.actionDim);
  try {
    const batch = wholeBatch(dataset.train, flat.offsets);
    const terms = tf.tidy(() =>
      readLossValues(
        tf,
        batchLoss(tf, policy, samples, batch, checkpoint.config, { training: false }),
      ),
    );
    const predictions = tf.tidy(() =>
      policy.apply(samples.observations as Tensor2D, { training: false }).dataSync(),
    );
    const actionDim = dataset.actionDim;
    const absolute = new Array<number>(actionDim).fill(0);
    const squared = new Array<number>(actionDim).fill(0);
    for (let row = 0; row < flat.count; row++) {
      for (let k = 0; k < actionDim; k++) {
        const error =
          (predictions[row * actionDim + k] as number) -
          (flat.actions[row * actionDim + k] as number);
        absolute[k] = (absolute[k] as number) + Math.abs(error);
        squared[k] = (squared[k] as number) + error * error;
      }
    }
    const count = Math.max(1, flat.count);
    return {
      checkpoint: dir,
      iteration: checkpoint.iteration,
      episodes: dataset.counts.episodes,
      samples: flat.count,
      terms,
      mae: absolute.map((total) => total / count),
      rmsePerDimension: squared.map((total) => Math.sqrt(total / count)),
      rmse: Math.sqrt(squared.reduce((sum, total) => sum + total, 0) / (count * actionDim)),
    };
  } finally {
    policy.dispose();
    samples.dispose();
  }
}
