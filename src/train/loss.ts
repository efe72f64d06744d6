import type { Scalar, Tensor, Tensor1D, Tensor2D } from "@tensorflow/tfjs";
import type { Tensorflow } from "./tensorflow.js";
import type { LossTermName, TrainConfig } from "./train-config.js";

/**
 * The behaviour-cloning loss, one scalar per term (each logged separately):
 * - base: SmoothL1(pred, action) (β = 1) averaged over action dimensions, times the sample's
 *   weight normalised so the batch's mean |w| is 1. A negative weight turns the term into a
 *   reward for error ("push away"), capped: once the sample's SmoothL1 reaches `pushAwayCap` its
 *   gradient is zero, so a rejected action is avoided, not fled from without bound.
 * - delta: mean |Δpred − Δaction| over consecutive pairs (t, t+1) of a window whose two weights
 *   are positive — the policy's step-to-step change should match the demonstrator's.
 * - jump: mean relu(|Δpred| − deltaMax)² over pairs — consecutive predictions may not jump.
 * - sat: mean relu(|z| − atanh(satMargin))² over the head's pre-tanh output z — the same
 *   condition as |pred| > satMargin, measured before tanh so its gradient does not vanish
 *   exactly where the output is stuck on tanh's flat tail (0 when satMargin ≥ 1).
 * - jac: mean over a sub-batch of ‖∂pred/∂obs‖²_F (obs z-normalised), by one tf.grad per action
 *   dimension; skipped entirely when its weight is 0.
 * total = wBase·base + wDelta·delta + wJump·jump + wSat·sat + wJac·jac.
 */
export type LossSettings = Pick<
  TrainConfig,
  "wBase" | "wDelta" | "wJump" | "wSat" | "wJac" | "deltaMax" | "satMargin" | "pushAwayCap"
>;

export interface LossInputs {
  /** The head's output before tanh; prediction = tanh(logits). */
  logits: Tensor2D;
  prediction: Tensor2D;
  action: Tensor2D;
  /** Raw per-sample weights in [-1, 1]. */
  weight: Tensor1D;
  /** pairMask[i] = 1 when rows i and i+1 are consecutive steps (length rows − 1). */
  pairMask: Tensor1D;
}

export type LossTensors = Record<LossTermName, Scalar>;

/** Elementwise SmoothL1 (Huber with β = 1): 0.5·e² below 1, |e| − 0.5 above. */
export function smoothL1(tf: Tensorflow, prediction: Tensor, target: Tensor): Tensor {
  const error = tf.abs(tf.sub(prediction, target));
  const quadratic = tf.minimum(error, 1);
  return tf.add(tf.mul(0.5, tf.square(quadratic)), tf.sub(error, quadratic));
}

/** w / mean(|w|), or zeros when every weight is 0. */
export function normalizeWeights(tf: Tensorflow, weight: Tensor1D): Tensor1D {
  const meanAbs = tf.mean(tf.abs(weight));
  return tf.div(weight, tf.maximum(meanAbs, 1e-12)) as Tensor1D;
}

export function baseTerm(
  tf: Tensorflow,
  prediction: Tensor2D,
  action: Tensor2D,
  weight: Tensor1D,
  pushAwayCap: number,
): Scalar {
  const perSample = tf.mean(smoothL1(tf, prediction, action), 1);
  const normalized = normalizeWeights(tf, weight);
  const pull = tf.mul(tf.relu(normalized), perSample);
  const push = tf.mul(tf.relu(tf.neg(normalized)), tf.minimum(perSample, pushAwayCap));
  return tf.mean(tf.sub(pull, push)) as Scalar;
}

export function deltaTerm(
  tf: Tensorflow,
  prediction: Tensor2D,
  action: Tensor2D,
  weight: Tensor1D,
  pairMask: Tensor1D,
): Scalar {
  const rows = prediction.shape[0];
  if (rows < 2) return tf.scalar(0);
  const positive = tf.cast(tf.greater(weight, 0), "float32");
  const mask = tf.mul(
    pairMask,
    tf.mul(positive.slice([0], [rows - 1]), positive.slice([1], [rows - 1])),
  );
  const predictedChange = consecutiveChange(tf, prediction);
  const actualChange = consecutiveChange(tf, action);
  const perPair = tf.mean(tf.abs(tf.sub(predictedChange, actualChange)), 1);
  return maskedMean(tf, perPair as Tensor1D, mask as Tensor1D);
}

export function jumpTerm(
  tf: Tensorflow,
  prediction: Tensor2D,
  pairMask: Tensor1D,
  deltaMax: number,
): Scalar {
  if (prediction.shape[0] < 2) return tf.scalar(0);
  const excess = tf.relu(tf.sub(tf.abs(consecutiveChange(tf, prediction)), deltaMax));
  return maskedMean(tf, tf.mean(tf.square(excess), 1) as Tensor1D, pairMask);
}

export function saturationTerm(tf: Tensorflow, logits: Tensor2D, satMargin: number): Scalar {
  if (satMargin >= 1) return tf.scalar(0);
  const threshold = Math.atanh(satMargin);
  return tf.mean(tf.square(tf.relu(tf.sub(tf.abs(logits), threshold)))) as Scalar;
}

/**
 * Mean squared Frobenius norm of the Jacobian of `apply` at each row of `observations`. Rows are
 * independent through the network, so the gradient of Σ_rows pred[:, k] gives row i's ∂pred_ik/∂x_i.
 */
export function jacobianTerm(
  tf: Tensorflow,
  apply: (observations: Tensor2D) => Tensor2D,
  observations: Tensor2D,
  actionDim: number,
): Scalar {
  let total: Scalar = tf.scalar(0);
  for (let k = 0; k < actionDim; k++) {
    const gradient = tf.grad((input: Tensor) =>
      tf.sum(apply(input as Tensor2D).slice([0, k], [-1, 1])),
    )(observations);
    total = tf.add(total, tf.sum(tf.square(gradient)));
  }
  return tf.div(total, observations.shape[0]);
}

export function lossTerms(
  tf: Tensorflow,
  inputs: LossInputs,
  settings: LossSettings,
  jacobian?: () => Scalar,
): LossTensors {
  const { logits, prediction, action, weight, pairMask } = inputs;
  const base = baseTerm(tf, prediction, action, weight, settings.pushAwayCap);
  // The cheap terms are computed (and logged) even at weight 0, so their effect can be compared.
  const delta = deltaTerm(tf, prediction, action, weight, pairMask);
  const jump = jumpTerm(tf, prediction, pairMask, settings.deltaMax);
  const sat = saturationTerm(tf, logits, settings.satMargin);
  const jac = settings.wJac > 0 && jacobian ? jacobian() : tf.scalar(0);
  const total = tf.addN([
    tf.mul(settings.wBase, base),
    tf.mul(settings.wDelta, delta),
    tf.mul(settings.wJump, jump),
    tf.mul(settings.wSat, sat),
    tf.mul(settings.wJac, jac),
  ]) as Scalar;
  return { base, delta, jump, sat, jac, total };
}

function consecutiveChange(tf: Tensorflow, values: Tensor2D): Tensor2D {
  const [rows, columns] = values.shape;
  return tf.sub(
    values.slice([1, 0], [rows - 1, columns]),
    values.slice([0, 0], [rows - 1, columns]),
  );
}

function maskedMean(tf: Tensorflow, values: Tensor1D, mask: Tensor1D): Scalar {
  return tf.div(tf.sum(tf.mul(values, mask)), tf.maximum(tf.sum(mask), 1)) as Scalar;
}
