import { z } from "zod";

/** Every training knob, with the defaults. Stored in each checkpoint; resume checks it. */
export const trainConfigSchema = z
  .object({
    iterations: z.number().int().positive().default(1000),
    batchSize: z.number().int().min(2).default(256),
    learningRate: z.number().positive().default(1e-2),
    /** Decoupled (AdamW-style): each step multiplies weight matrices by 1 - lr·weightDecay. */
    weightDecay: z.number().nonnegative().default(1e-4),
    hiddenDim: z.number().int().positive().default(256),
    numLayers: z.number().int().positive().default(2),
    dropout: z.number().min(0).max(0.9).default(0.1),
    wBase: z.number().nonnegative().default(1),
    wDelta: z.number().nonnegative().default(1),
    wJump: z.number().nonnegative().default(1),
    wSat: z.number().nonnegative().default(0.1),
    wJac: z.number().nonnegative().default(0),
    deltaMax: z.number().nonnegative().default(0.15),
    satMargin: z.number().nonnegative().default(0.9),
    /** A negatively weighted sample stops pushing once its SmoothL1 error reaches this. */
    pushAwayCap: z.number().positive().default(0.5),
    /** Samples per Jacobian evaluation (the Jacobian costs one backward pass per action dimension). */
    jacobianBatch: z.number().int().positive().default(16),
    /** Batches are consecutive windows of this many steps, so (t, t+1) pairs exist. */
    windowLength: z.number().int().min(2).default(8),
    checkpointFreq: z.number().int().positive().default(100),
    validationFreq: z.number().int().positive().default(20),
    logFreq: z.number().int().positive().default(10),
    validationFraction: z.number().min(0).max(0.5).default(0.1),
    /** Floor on the observation standard deviation used for z-normalisation. */
    stdFloor: z.number().positive().default(1e-2),
    seed: z.number().int().default(42),
  })
  .strict();

export type TrainConfig = z.infer<typeof trainConfigSchema>;
export type TrainConfigInput = z.input<typeof trainConfigSchema>;

export const lossTermNames = ["base", "delta", "jump", "sat", "jac", "total"] as const;
export type LossTermName = (typeof lossTermNames)[number];
export type LossValues = Record<LossTermName, number>;

/** Keys that may change when a run resumes from a checkpoint (more iterations, other logging). */
export const resumableConfigKeys = new Set<keyof TrainConfig>([
  "iterations",
  "checkpointFreq",
  "validationFreq",
  "logFreq",
]);
