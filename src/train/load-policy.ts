import { stat } from "node:fs/promises";
import { z } from "zod";
import { TracemillError } from "../core/errors.js";
import { readJsonInput } from "../core/files.js";
import { writeJsonAtomic } from "../runs/run-files.js";
import { architectureSchema, normalizationSchema, readCheckpoint } from "./checkpoint.js";
import type { NormalizationStats } from "./dataset.js";
import { type NamedWeights, type PolicyArchitecture, parameterShapes } from "./policy.js";

/**
 * Inference from Node without TensorFlow.js: the policy's forward pass in plain JavaScript
 * (float64 arithmetic over the float32 weights), from a checkpoint folder or an exported
 * policy file. The exported file is self-contained JSON: architecture, normalisation
 * statistics and every weight, so any runtime can rebuild the MLP.
 */
export const exportedPolicySchemaId = "tracemill.bc-policy/v1";

const exportedPolicySchema = z.object({
  schema: z.literal(exportedPolicySchemaId),
  iteration: z.number().int().nonnegative(),
  architecture: architectureSchema,
  normalization: normalizationSchema,
  activation: z.object({ hidden: z.literal("layernorm-relu"), output: z.literal("tanh") }),
  weights: z.array(
    z.object({ name: z.string(), shape: z.array(z.number().int()), values: z.array(z.number()) }),
  ),
});
export type ExportedPolicy = z.infer<typeof exportedPolicySchema>;

export interface LoadedPolicy {
  architecture: PolicyArchitecture;
  normalization: NormalizationStats;
  iteration: number;
  /** One raw (unnormalised) observation → one action in (-1, 1). */
  predict(observation: number[]): number[];
}

export async function loadPolicy(path: string): Promise<LoadedPolicy> {
  const exported = await readPolicySource(path);
  return policyFromExport(exported);
}

/** Writes the self-contained policy JSON for a checkpoint folder (or re-writes an exported file). */
export async function exportPolicy(checkpointDir: string, out: string): Promise<ExportedPolicy> {
  const exported = await readPolicySource(checkpointDir);
  await writeJsonAtomic(out, exported);
  return exported;
}

async function readPolicySource(path: string): Promise<ExportedPolicy> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch {
    throw new TracemillError("not_found", `${path}: no checkpoint folder or policy file here`);
  }
  if (isDirectory) {
    const checkpoint = await readCheckpoint(path);
    return {
      schema: exportedPolicySchemaId,
      iteration: checkpoint.iteration,
      architecture: checkpoint.architecture,
      normalization: checkpoint.normalization,
      activation: { hidden: "layernorm-relu", output: "tanh" },
      weights: checkpoint.weights.map((weight) => ({
        name: weight.name,
        shape: weight.shape,
        values: Array.from(weight.values),
      })),
    };
  }
  const raw = await readJsonInput(path, "policy JSON");
  const parsed = exportedPolicySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TracemillError(
      "input_invalid",
      `${path}: not an exported policy (${issue?.path.join(".")}: ${issue?.message})`,
    );
  }
  return parsed.data;
}

export function policyFromExport(exported: ExportedPolicy): LoadedPolicy {
  const { architecture, normalization } = exported;
  const byName = new Map<string, NamedWeights>(
    exported.weights.map((weight) => [
      weight.name,
      { name: weight.name, shape: weight.shape, values: Float32Array.from(weight.values) },
    ]),
  );
  for (const { name, shape } of parameterShapes(architecture)) {
    const weight = byName.get(name);
    const size = shape.reduce((product, dimension) => product * dimension, 1);
    if (!weight || weight.values.length !== size) {
      throw new TracemillError(
        "input_invalid",
        `policy weight ${name} ${weight ? `has ${weight.values.length} values` : "is missing"}, expected ${size}`,
      );
    }
  }
  const values = (name: string) => (byName.get(name) as NamedWeights).values;
  return {
    architecture,
    normalization,
    iteration: exported.iteration,
    predict(observation) {
      if (observation.length !== architecture.observationDim) {
        throw new TracemillError(
          "input_invalid",
          `observation has ${observation.length} values, the policy expects ${architecture.observationDim}`,
        );
      }
      let hidden = observation.map(
        (value, d) =>
          (value - (normalization.mean[d] as number)) / (normalization.std[d] as number),
      );
      for (let layer = 0; layer < architecture.numLayers; layer++) {
        const linear = affine(
          hidden,
          values(`hidden${layer}/kernel`),
          values(`hidden${layer}/bias`),
          architecture.hiddenDim,
        );
        hidden = layerNormRelu(
          linear,
          values(`hidden${layer}/norm_gamma`),
          values(`hidden${layer}/norm_beta`),
          architecture.layerNormEpsilon,
        );
      }
      return affine(hidden, values("head/kernel"), values("head/bias"), architecture.actionDim).map(
        Math.tanh,
      );
    },
  };
}

function affine(input: number[], kernel: Float32Array, bias: Float32Array, width: number) {
  const output = Array.from(bias);
  for (let i = 0; i < input.length; i++) {
    const value = input[i] as number;
    if (value === 0) continue;
    const row = i * width;
    for (let j = 0; j < width; j++)
      output[j] = (output[j] as number) + value * (kernel[row + j] as number);
  }
  return output;
}

function layerNormRelu(input: number[], gamma: Float32Array, beta: Float32Array, epsilon: number) {
  const mean = input.reduce((sum, value) => sum + value, 0) / input.length;
  const variance = input.reduce((sum, value) => sum + (value - mean) ** 2, 0) / input.length;
  const scale = 1 / Math.sqrt(variance + epsilon);
  return input.map((value, j) =>
    Math.max(0, (value - mean) * scale * (gamma[j] as number) + (beta[j] as number)),
  );
}
