import type { Tensor, Variable } from "@tensorflow/tfjs";
import type { NamedWeights } from "./policy.js";
import type { Tensorflow } from "./tensorflow.js";

/**
 * Adam with decoupled weight decay (AdamW), written for the loop because tf.train.adam keys its
 * moments by the position of each gradient in the map it is given (a different term set reorders
 * them) and has no decoupled decay. Moments are keyed by parameter name, so they checkpoint and
 * resume exactly.
 */
export interface AdamWState {
  step: number;
  moments: { name: string; first: NamedWeights; second: NamedWeights }[];
}

export interface AdamW {
  apply(gradients: Record<string, Tensor>): void;
  readState(): AdamWState;
  dispose(): void;
}

export interface AdamWOptions {
  learningRate: number;
  weightDecay: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export function createAdamW(
  tf: Tensorflow,
  parameters: { name: string; variable: Variable; decay: boolean }[],
  options: AdamWOptions,
  state?: AdamWState,
): AdamW {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-7;
  let step = state?.step ?? 0;
  const stored = new Map(state?.moments.map((moment) => [moment.name, moment]));
  const slots = parameters.map(({ name, variable, decay }) => {
    const saved = stored.get(name);
    const make = (weights: NamedWeights | undefined) =>
      tf.variable(
        weights ? tf.tensor(weights.values, weights.shape, "float32") : tf.zerosLike(variable),
        false,
      );
    return { name, variable, decay, first: make(saved?.first), second: make(saved?.second) };
  });
  return {
    apply(gradients) {
      step += 1;
      const correction1 = 1 - beta1 ** step;
      const correction2 = 1 - beta2 ** step;
      tf.tidy(() => {
        for (const slot of slots) {
          const gradient = gradients[slot.name];
          if (!gradient) continue;
          const first = tf.add(tf.mul(slot.first, beta1), tf.mul(gradient, 1 - beta1));
          const second = tf.add(tf.mul(slot.second, beta2), tf.mul(tf.square(gradient), 1 - beta2));
          slot.first.assign(first);
          slot.second.assign(second);
          const update = tf.div(
            tf.div(first, correction1),
            tf.add(tf.sqrt(tf.div(second, correction2)), epsilon),
          );
          const decayed = slot.decay
            ? tf.mul(slot.variable, 1 - options.learningRate * options.weightDecay)
            : slot.variable;
          slot.variable.assign(tf.sub(decayed, tf.mul(update, options.learningRate)));
        }
      });
    },
    readState() {
      const read = (variable: Variable): NamedWeights => ({
        name: variable.name,
        shape: [...variable.shape],
        values: Float32Array.from(variable.dataSync() as Float32Array),
      });
      return {
        step,
        moments: slots.map((slot) => ({
          name: slot.name,
          first: { ...read(slot.first), name: `${slot.name}/m` },
          second: { ...read(slot.second), name: `${slot.name}/v` },
        })),
      };
    },
    dispose() {
      for (const slot of slots) {
        slot.first.dispose();
        slot.second.dispose();
      }
    },
  };
}
