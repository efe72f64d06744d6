import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { TracemillError } from "../core/errors.js";
import type { AdamWState } from "./adamw.js";
import type { DatasetSplit, NormalizationStats } from "./dataset.js";
import type { NamedWeights, PolicyArchitecture } from "./policy.js";
import {
  type LossValues,
  lossTermNames,
  type TrainConfig,
  trainConfigSchema,
} from "./train-config.js";

/**
 * A checkpoint folder `<out>/checkpoints/step_<n>/`: `checkpoint.json` (iteration, config,
 * architecture, normalisation statistics, split, the tensor table), `weights.bin` (policy
 * parameters) and `optimizer.bin` (AdamW moments), both little-endian float32 in table order.
 * Written to a temporary folder and renamed, so a killed run never leaves half a checkpoint.
 */
export const checkpointSchemaId = "tracemill.bc-checkpoint/v1";
export const checkpointFile = "checkpoint.json";

const tensorEntrySchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  file: z.enum(["weights.bin", "optimizer.bin"]),
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
});

export const architectureSchema = z.object({
  observationDim: z.number().int().positive(),
  actionDim: z.number().int().positive(),
  hiddenDim: z.number().int().positive(),
  numLayers: z.number().int().positive(),
  dropout: z.number().min(0),
  layerNormEpsilon: z.number().positive(),
});

export const normalizationSchema = z.object({
  mean: z.array(z.number()),
  std: z.array(z.number().positive()),
});

const lossValuesSchema = z.object(
  Object.fromEntries(lossTermNames.map((name) => [name, z.number()])) as Record<
    (typeof lossTermNames)[number],
    z.ZodNumber
  >,
);

const checkpointJsonSchema = z.object({
  schema: z.literal(checkpointSchemaId),
  iteration: z.number().int().nonnegative(),
  config: trainConfigSchema,
  architecture: architectureSchema,
  normalization: normalizationSchema,
  split: z.object({
    train: z.array(z.string()),
    validation: z.array(z.string()),
    byTime: z.boolean(),
  }),
  optimizerStep: z.number().int().nonnegative(),
  validation: lossValuesSchema.optional(),
  tensors: z.array(tensorEntrySchema),
});

export interface CheckpointData {
  iteration: number;
  config: TrainConfig;
  architecture: PolicyArchitecture;
  normalization: NormalizationStats;
  split: DatasetSplit;
  weights: NamedWeights[];
  optimizer: AdamWState;
  validation?: LossValues;
}

export function checkpointDirectory(out: string, iteration: number): string {
  return join(out, "checkpoints", `step_${iteration}`);
}

export async function saveCheckpoint(dir: string, data: CheckpointData): Promise<void> {
  const tensors: z.infer<typeof tensorEntrySchema>[] = [];
  const pack = (file: "weights.bin" | "optimizer.bin", items: NamedWeights[]) => {
    let offset = 0;
    for (const item of items) {
      tensors.push({
        name: item.name,
        shape: item.shape,
        file,
        offset,
        length: item.values.length,
      });
      offset += item.values.length;
    }
    const buffer = new Float32Array(offset);
    let position = 0;
    for (const item of items) {
      buffer.set(item.values, position);
      position += item.values.length;
    }
    return littleEndianBytes(buffer);
  };
  const weightsBytes = pack("weights.bin", data.weights);
  const optimizerBytes = pack(
    "optimizer.bin",
    data.optimizer.moments.flatMap((moment) => [moment.first, moment.second]),
  );
  const json = {
    schema: checkpointSchemaId,
    iteration: data.iteration,
    config: data.config,
    architecture: data.architecture,
    normalization: data.normalization,
    split: data.split,
    optimizerStep: data.optimizer.step,
    ...(data.validation ? { validation: data.validation } : {}),
    tensors,
  };
  const temporary = `${dir}.tmp-${process.pid}`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary, { recursive: true });
  await writeFile(join(temporary, "weights.bin"), weightsBytes);
  await writeFile(join(temporary, "optimizer.bin"), optimizerBytes);
  await writeFile(join(temporary, checkpointFile), `${JSON.stringify(json, null, 2)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(temporary, dir);
}

export async function readCheckpoint(dir: string): Promise<CheckpointData> {
  const path = join(dir, checkpointFile);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TracemillError(
      code === "ENOENT" ? "not_found" : "input_invalid",
      `${path}: cannot read checkpoint (${(error as Error).message})`,
    );
  }
  const parsed = checkpointJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TracemillError(
      "input_invalid",
      `${path}: not a tracemill checkpoint (${issue?.path.join(".")}: ${issue?.message})`,
    );
  }
  const json = parsed.data;
  const files = {
    "weights.bin": await readFloats(join(dir, "weights.bin")),
    "optimizer.bin": await readFloats(join(dir, "optimizer.bin")),
  };
  const tensor = (entry: z.infer<typeof tensorEntrySchema>): NamedWeights => {
    const source = files[entry.file];
    if (entry.offset + entry.length > source.length) {
      throw new TracemillError(
        "input_invalid",
        `${join(dir, entry.file)}: tensor ${entry.name} runs past the end of the file`,
      );
    }
    return {
      name: entry.name,
      shape: entry.shape,
      values: source.slice(entry.offset, entry.offset + entry.length),
    };
  };
  const weights = json.tensors.filter((entry) => entry.file === "weights.bin").map(tensor);
  const moments = json.tensors.filter((entry) => entry.file === "optimizer.bin").map(tensor);
  const optimizer: AdamWState = { step: json.optimizerStep, moments: [] };
  for (let index = 0; index + 1 < moments.length; index += 2) {
    const first = moments[index] as NamedWeights;
    optimizer.moments.push({
      name: first.name.replace(/\/m$/, ""),
      first,
      second: moments[index + 1] as NamedWeights,
    });
  }
  return {
    iteration: json.iteration,
    config: json.config,
    architecture: json.architecture,
    normalization: json.normalization,
    split: json.split,
    weights,
    optimizer,
    ...(json.validation ? { validation: json.validation } : {}),
  };
}

/** The highest-numbered complete checkpoint under `<out>/checkpoints`, if any. */
export async function latestCheckpoint(out: string): Promise<string | undefined> {
  const root = join(out, "checkpoints");
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return undefined;
  }
  const steps = names
    .map((name) => /^step_(\d+)$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => b - a);
  for (const step of steps) {
    const dir = join(root, `step_${step}`);
    try {
      await readFile(join(dir, checkpointFile));
      return dir;
    } catch {
      // A folder without its json is not a checkpoint; try the previous one.
    }
  }
  return undefined;
}

function littleEndianBytes(values: Float32Array): Buffer {
  const bytes = Buffer.alloc(values.length * 4);
  for (let index = 0; index < values.length; index++) {
    bytes.writeFloatLE(values[index] as number, index * 4);
  }
  return bytes;
}

async function readFloats(path: string): Promise<Float32Array> {
  const bytes = await readFile(path);
  const values = new Float32Array(bytes.length / 4);
  for (let index = 0; index < values.length; index++) values[index] = bytes.readFloatLE(index * 4);
  return values;
}
