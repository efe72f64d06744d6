import type { Scalar, Tensor1D, Tensor2D } from "@tensorflow/tfjs";
import type { Batch, FlatSamples } from "./batches.js";
import { jacobianTerm, type LossSettings, type LossTensors, lossTerms } from "./loss.js";
import type { Policy } from "./policy.js";
import type { Tensorflow } from "./tensorflow.js";
import { type LossValues, lossTermNames } from "./train-config.js";

/** Flat samples uploaded once; batches gather rows from them. */
export interface SampleTensors {
  observations: Tensor2D;
  actions: Tensor2D;
  weights: Tensor1D;
  dispose(): void;
}

export function uploadSamples(
  tf: Tensorflow,
  flat: FlatSamples,
  observationDim: number,
  actionDim: number,
): SampleTensors {
  const observations = tf.tensor2d(flat.observations, [flat.count, observationDim], "float32");
  const actions = tf.tensor2d(flat.actions, [flat.count, actionDim], "float32");
  const weights = tf.tensor1d(flat.weights, "float32");
  return {
    observations,
    actions,
    weights,
    dispose() {
      observations.dispose();
      actions.dispose();
      weights.dispose();
    },
  };
}

/** The loss terms of one batch; call inside tf.tidy (or tf.variableGrads). */
export function batchLoss(
  tf: Tensorflow,
  policy: Policy,
  samples: SampleTensors,
  batch: Batch,
  settings: LossSettings & { jacobianBatch: number },
  mode: { training: boolean; dropoutSeed?: number },
): LossTensors {
  const rows = tf.tensor1d(batch.rows, "int32");
  const observations = tf.gather(samples.observations, rows) as Tensor2D;
  const logits = policy.logits(observations, mode);
  const prediction = tf.tanh(logits) as Tensor2D;
  const jacobian = (): Scalar => {
    const size = Math.min(settings.jacobianBatch, batch.rows.length);
    const subset = observations.slice([0, 0], [size, -1]) as Tensor2D;
    // Without dropout: the penalty is about the smoothness of the policy that will be deployed.
    return jacobianTerm(
      tf,
      (input) => policy.apply(input, { training: false }),
      subset,
      policy.architecture.actionDim,
    );
  };
  return lossTerms(
    tf,
    {
      logits,
      prediction,
      action: tf.gather(samples.actions, rows) as Tensor2D,
      weight: tf.gather(samples.weights, rows) as Tensor1D,
      pairMask: tf.tensor1d(batch.pairMask, "float32"),
    },
    settings,
    jacobian,
  );
}

export function readLossValues(tf: Tensorflow, terms: LossTensors): LossValues {
  const values = tf.stack(lossTermNames.map((name) => terms[name])).dataSync();
  return Object.fromEntries(
    lossTermNames.map((name, index) => [name, values[index] ?? 0]),
  ) as LossValues;
}
