import type { Tensor, Tensor1D, Tensor2D } from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  baseTerm,
  deltaTerm,
  jacobianTerm,
  jumpTerm,
  lossTerms,
  normalizeWeights,
  saturationTerm,
  smoothL1,
} from "./loss.js";
import { createPolicy, initialWeights, layerNormEpsilon } from "./policy.js";
import { loadTensorflow, type Tensorflow } from "./tensorflow.js";

let tf: Tensorflow;
beforeAll(async () => {
  ({ tf } = await loadTensorflow());
});

const m = (rows: number[][]) => tf.tensor2d(rows, undefined, "float32");
const v = (values: number[]) => tf.tensor1d(values, "float32");
const read = (tensor: Tensor) => Array.from(tensor.dataSync());
const scalar = (tensor: Tensor) => tensor.dataSync()[0] as number;

describe("loss terms on hand-computed tensors", () => {
  it("SmoothL1 is quadratic below 1 and linear above", () => {
    const values = read(smoothL1(tf, v([0.5, 2, -3, 0]), v([0, 0, 0, 0])));
    expect(values).toEqual([0.125, 1.5, 2.5, 0]);
  });

  it("normalises weights to mean |w| = 1", () => {
    const values = read(normalizeWeights(tf, v([1, -0.5, 0.5, 0])));
    expect(values).toEqual([2, -1, 1, 0]);
    expect(read(normalizeWeights(tf, v([0, 0])))).toEqual([0, 0]);
  });

  it("base: weighted SmoothL1, negative weights push away up to the cap", () => {
    // per-sample SmoothL1 [0.125, 1.5, 0]; weights [1, -1, 1] already have mean |w| = 1
    const prediction = m([[0.5], [2], [0]]);
    const action = m([[0], [0], [0]]);
    expect(scalar(baseTerm(tf, prediction, action, v([1, -1, 1]), 0.5))).toBeCloseTo(
      (0.125 - 0.5 + 0) / 3,
      6,
    );
    // Doubling every weight changes nothing: only the relative weights matter.
    expect(scalar(baseTerm(tf, prediction, action, v([0.5, -0.5, 0.5]), 0.5))).toBeCloseTo(
      (0.125 - 0.5) / 3,
      6,
    );
  });

  it("base: a pushed-away sample past the cap has no gradient, one below it is pushed", () => {
    const gradient = (start: number) =>
      read(
        tf.grad((prediction: Tensor) =>
          baseTerm(tf, prediction as Tensor2D, m([[0]]), v([-1]), 0.5),
        )(m([[start]])),
      )[0] as number;
    expect(gradient(1.5)).toBe(0); // SmoothL1(1.5) = 1.0 > cap
    expect(gradient(0.5)).toBeLessThan(0); // descending the loss increases the error
  });

  it("delta: mean |Δpred − Δaction| over masked pairs with positive weights", () => {
    const prediction = m([[0], [0.2], [0.5]]);
    const action = m([[0], [0.1], [0.1]]);
    expect(scalar(deltaTerm(tf, prediction, action, v([1, 1, 1]), v([1, 1])))).toBeCloseTo(0.2, 6);
    expect(scalar(deltaTerm(tf, prediction, action, v([1, 1, 1]), v([1, 0])))).toBeCloseTo(0.1, 6);
    expect(scalar(deltaTerm(tf, prediction, action, v([1, 1, -1]), v([1, 1])))).toBeCloseTo(0.1, 6);
  });

  it("jump: squared excess of |Δpred| over deltaMax", () => {
    const prediction = m([
      [0, 0],
      [0.2, 0.1],
      [0.5, 0.1],
    ]);
    // excess per pair and dim: [0.05, 0], [0.15, 0] → means of squares [0.00125, 0.01125]
    expect(scalar(jumpTerm(tf, prediction, v([1, 1]), 0.15))).toBeCloseTo(
      (0.00125 + 0.01125) / 2,
      7,
    );
    expect(scalar(jumpTerm(tf, prediction, v([0, 1]), 0.15))).toBeCloseTo(0.01125, 7);
  });

  it("sat: squared excess of the pre-tanh output over atanh(margin)", () => {
    const logits = m([
      [2, -3],
      [0.5, 0],
    ]);
    const threshold = Math.atanh(0.9); // |tanh z| > 0.9 ⟺ |z| > 1.4722
    const expected = ((2 - threshold) ** 2 + (3 - threshold) ** 2) / 4;
    expect(scalar(saturationTerm(tf, logits, 0.9))).toBeCloseTo(expected, 5);
    expect(scalar(saturationTerm(tf, logits, 1))).toBe(0);
    // Unlike a penalty on tanh's output, its gradient does not vanish on the flat tail.
    const gradient = read(
      tf.grad((input: Tensor) => saturationTerm(tf, input as Tensor2D, 0.9))(m([[12]])),
    );
    expect(gradient[0]).toBeCloseTo(2 * (12 - threshold), 4);
  });

  it("jac: squared Frobenius norm of d pred / d obs matches a finite-difference estimate", () => {
    const architecture = {
      observationDim: 5,
      actionDim: 2,
      hiddenDim: 8,
      numLayers: 2,
      dropout: 0,
      layerNormEpsilon,
    };
    const policy = createPolicy(tf, architecture, initialWeights(architecture, 3));
    const observations = [
      [0.3, -1.2, 0.5, 2.0, -0.1],
      [1.1, 0.4, -0.7, 0.2, 0.9],
    ];
    const apply = (input: Tensor2D) => policy.apply(input, { training: false });
    const analytic = scalar(jacobianTerm(tf, apply, m(observations), 2));
    const epsilon = 1e-2;
    let squares = 0;
    for (const observation of observations) {
      for (let d = 0; d < 5; d++) {
        const plus = [...observation];
        const minus = [...observation];
        plus[d] = (plus[d] as number) + epsilon;
        minus[d] = (minus[d] as number) - epsilon;
        const high = read(apply(m([plus])));
        const low = read(apply(m([minus])));
        for (let k = 0; k < 2; k++) {
          squares += (((high[k] as number) - (low[k] as number)) / (2 * epsilon)) ** 2;
        }
      }
    }
    const estimate = squares / observations.length;
    expect(analytic).toBeGreaterThan(0);
    expect(Math.abs(analytic - estimate) / estimate).toBeLessThan(0.02);
    // The penalty is differentiable with respect to the weights (double backprop).
    const { grads } = tf.variableGrads(
      () => jacobianTerm(tf, apply, m(observations), 2),
      policy.parameters.map((parameter) => parameter.variable),
    );
    const kernel = policy.parameters[0]?.variable.name as string;
    expect(scalar(tf.sum(tf.abs(grads[kernel] as Tensor)))).toBeGreaterThan(0);
    policy.dispose();
  });

  it("total is the weighted sum, and jac is not computed at weight 0", () => {
    let jacobianCalls = 0;
    const inputs = {
      logits: m([[Math.atanh(0.95)], [Math.atanh(0.5)]]),
      prediction: m([[0.95], [0.5]]),
      action: m([[0.5], [0.5]]),
      weight: v([1, 1]) as Tensor1D,
      pairMask: v([1]) as Tensor1D,
    };
    const settings = {
      wBase: 1,
      wDelta: 2,
      wJump: 3,
      wSat: 4,
      wJac: 0,
      deltaMax: 0.15,
      satMargin: 0.9,
      pushAwayCap: 0.5,
    };
    const terms = lossTerms(tf, inputs, settings, () => {
      jacobianCalls += 1;
      return tf.scalar(7);
    });
    const value = (tensor: Tensor) => scalar(tensor);
    expect(jacobianCalls).toBe(0);
    expect(value(terms.base)).toBeCloseTo((0.5 * 0.45 ** 2) / 2, 6);
    expect(value(terms.delta)).toBeCloseTo(0.45, 6);
    expect(value(terms.jump)).toBeCloseTo(0.3 ** 2, 6);
    expect(value(terms.sat)).toBeCloseTo((Math.atanh(0.95) - Math.atanh(0.9)) ** 2 / 2, 5);
    expect(value(terms.total)).toBeCloseTo(
      value(terms.base) + 2 * value(terms.delta) + 3 * value(terms.jump) + 4 * value(terms.sat),
      6,
    );
    const withJacobian = lossTerms(tf, inputs, { ...settings, wJac: 0.5 }, () => tf.scalar(7));
    expect(value(withJacobian.jac)).toBe(7);
    expect(value(withJacobian.total) - value(terms.total)).toBeCloseTo(3.5, 5);
  });
});
