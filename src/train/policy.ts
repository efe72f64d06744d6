import type { Tensor, Tensor1D, Tensor2D, Variable } from "@tensorflow/tfjs";
import { createRandom, deriveSeed } from "./random.js";
import type { Tensorflow } from "./tensorflow.js";

/**
 * The behaviour-cloning policy: an MLP over the z-normalised observation. Each hidden layer is
 * dense → LayerNorm → ReLU → dropout (training only); the head is dense → tanh, so actions stay in
 * (-1, 1). Written with tfjs ops and variables (not tf.layers) so the loss can combine
 * consecutive-step terms and a Jacobian penalty in one custom training loop.
 */
export interface PolicyArchitecture {
  observationDim: number;
  actionDim: number;
  hiddenDim: number;
  numLayers: number;
  dropout: number;
  layerNormEpsilon: number;
}

export interface NamedWeights {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface Policy {
  readonly architecture: PolicyArchitecture;
  /** In a fixed order; names like "hidden0/kernel". */
  readonly parameters: { name: string; variable: Variable; decay: boolean }[];
  /** Forward pass; call inside tf.tidy (intermediates are left to the caller's scope, which gradients need). */
  apply(observations: Tensor2D, options?: ForwardOptions): Tensor2D;
  /** The head's output before tanh (what the saturation penalty looks at). */
  logits(observations: Tensor2D, options?: ForwardOptions): Tensor2D;
  readWeights(): NamedWeights[];
  dispose(): void;
}

export interface ForwardOptions {
  training?: boolean;
  dropoutSeed?: number;
}

export const layerNormEpsilon = 1e-5;

/** The parameter list of an architecture: name, shape, whether weight decay applies. */
export function parameterShapes(
  architecture: PolicyArchitecture,
): { name: string; shape: number[]; decay: boolean }[] {
  const shapes: { name: string; shape: number[]; decay: boolean }[] = [];
  let input = architecture.observationDim;
  for (let layer = 0; layer < architecture.numLayers; layer++) {
    const width = architecture.hiddenDim;
    shapes.push(
      { name: `hidden${layer}/kernel`, shape: [input, width], decay: true },
      { name: `hidden${layer}/bias`, shape: [width], decay: false },
      { name: `hidden${layer}/norm_gamma`, shape: [width], decay: false },
      { name: `hidden${layer}/norm_beta`, shape: [width], decay: false },
    );
    input = width;
  }
  shapes.push(
    { name: "head/kernel", shape: [input, architecture.actionDim], decay: true },
    { name: "head/bias", shape: [architecture.actionDim], decay: false },
  );
  return shapes;
}

/** Initial weights: He-uniform kernels (ReLU layers), a smaller head so tanh starts unsaturated. */
export function initialWeights(architecture: PolicyArchitecture, seed: number): NamedWeights[] {
  const random = createRandom(deriveSeed(seed, 0x1417));
  return parameterShapes(architecture).map(({ name, shape }) => {
    const size = shape.reduce((product, dimension) => product * dimension, 1);
    const values = new Float32Array(size);
    if (name.endsWith("/kernel")) {
      const fanIn = shape[0] as number;
      const limit = name.startsWith("head") ? Math.sqrt(3 / fanIn) : Math.sqrt(6 / fanIn);
      for (let index = 0; index < size; index++) values[index] = (random() * 2 - 1) * limit;
    } else if (name.endsWith("/norm_gamma")) {
      values.fill(1);
    }
    return { name, shape, values };
  });
}

export function createPolicy(
  tf: Tensorflow,
  architecture: PolicyArchitecture,
  weights: NamedWeights[],
): Policy {
  const byName = new Map(weights.map((weight) => [weight.name, weight]));
  const parameters = parameterShapes(architecture).map(({ name, shape, decay }) => {
    const stored = byName.get(name);
    if (!stored || stored.shape.join("x") !== shape.join("x")) {
      throw new Error(
        `policy weights: ${name} ${stored ? `has shape [${stored.shape}]` : "is missing"}, expected [${shape}]`,
      );
    }
    return { name, decay, variable: tf.variable(tf.tensor(stored.values, shape, "float32"), true) };
  });
  const get = (name: string) =>
    parameters.find((parameter) => parameter.name === name)?.variable as Variable;
  const dense = createDense(tf);

  const logits = (observations: Tensor2D, options: ForwardOptions = {}): Tensor2D => {
    let hidden: Tensor2D = observations;
    for (let layer = 0; layer < architecture.numLayers; layer++) {
      const linear = dense(
        hidden,
        get(`hidden${layer}/kernel`) as Tensor2D,
        get(`hidden${layer}/bias`) as Tensor1D,
      );
      const moments = tf.moments(linear, -1, true);
      const normalized = tf
        .sub(linear, moments.mean)
        .mul(tf.rsqrt(tf.add(moments.variance, architecture.layerNormEpsilon)))
        .mul(get(`hidden${layer}/norm_gamma`))
        .add(get(`hidden${layer}/norm_beta`));
      hidden = tf.relu(normalized) as Tensor2D;
      if (options.training && architecture.dropout > 0) {
        hidden = tf.dropout(
          hidden,
          architecture.dropout,
          undefined,
          deriveSeed(options.dropoutSeed ?? 0, layer),
        ) as Tensor2D;
      }
    }
    return dense(hidden, get("head/kernel") as Tensor2D, get("head/bias") as Tensor1D);
  };

  return {
    architecture,
    parameters,
    logits,
    apply: (observations, options) => tf.tanh(logits(observations, options)) as Tensor2D,
    readWeights() {
      return parameters.map(({ name, variable }) => ({
        name,
        shape: [...variable.shape],
        values: Float32Array.from(variable.dataSync() as Float32Array),
      }));
    },
    dispose() {
      for (const { variable } of parameters) variable.dispose();
    },
  };
}

/**
 * x·W + b with an explicit-transpose gradient: the wasm backend runs a transposed matMul about
 * 10× slower than transpose-then-matMul, which made backward passes dominate training time.
 * The gradient is written with ops, so it can itself be differentiated (the Jacobian penalty).
 */
function createDense(tf: Tensorflow) {
  const matMul = tf.customGrad((...args: unknown[]) => {
    const [input, kernel, save] = args as [Tensor2D, Tensor2D, (tensors: Tensor[]) => void];
    save([input, kernel]);
    return {
      value: tf.matMul(input, kernel),
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [savedInput, savedKernel] = saved as [Tensor2D, Tensor2D];
        const upstream = dy as Tensor2D;
        return [
          tf.matMul(upstream, tf.transpose(savedKernel)),
          tf.matMul(tf.transpose(savedInput), upstream),
        ];
      },
    };
  });
  return (input: Tensor2D, kernel: Tensor2D, bias: Tensor1D): Tensor2D =>
    tf.add(matMul(input, kernel) as Tensor2D, bias);
}
