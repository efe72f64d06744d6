import type { Sequence } from "./dataset.js";
import { createRandom, deriveSeed } from "./random.js";

/**
 * Training batches as consecutive windows: `windowLength` steps from one sequence, windows drawn
 * with probability proportional to the number of starts they offer (so every sample is about
 * equally likely), until the batch is full. `pairMask[i]` is 1 when rows i and i+1 are
 * consecutive steps of the same window — the pairs the delta and jump terms use.
 */
export interface FlatSamples {
  observations: Float32Array;
  actions: Float32Array;
  weights: Float32Array;
  count: number;
  /** Row offset of each sequence in the flat arrays. */
  offsets: number[];
}

export interface Batch {
  rows: Int32Array;
  pairMask: Float32Array;
}

export function flattenSequences(
  sequences: Sequence[],
  observationDim: number,
  actionDim: number,
): FlatSamples {
  const count = sequences.reduce((total, sequence) => total + sequence.length, 0);
  const observations = new Float32Array(count * observationDim);
  const actions = new Float32Array(count * actionDim);
  const weights = new Float32Array(count);
  const offsets: number[] = [];
  let row = 0;
  for (const sequence of sequences) {
    offsets.push(row);
    observations.set(sequence.observations, row * observationDim);
    actions.set(sequence.actions, row * actionDim);
    weights.set(sequence.weights, row);
    row += sequence.length;
  }
  return { observations, actions, weights, count, offsets };
}

/** Window starts: every position that leaves a full window, or 0 for a shorter sequence. */
interface WindowChoice {
  offset: number;
  starts: number;
  length: number;
}

export function createBatchSampler(
  sequences: Sequence[],
  offsets: number[],
  options: { batchSize: number; windowLength: number; seed: number },
): (iteration: number) => Batch {
  const choices: WindowChoice[] = sequences.map((sequence, index) => ({
    offset: offsets[index] as number,
    starts: Math.max(1, sequence.length - options.windowLength + 1),
    length: Math.min(sequence.length, options.windowLength),
  }));
  const cumulative: number[] = [];
  let total = 0;
  for (const choice of choices) {
    total += choice.starts;
    cumulative.push(total);
  }
  return (iteration) => {
    const random = createRandom(deriveSeed(options.seed, 0xba7c, iteration));
    const rows = new Int32Array(options.batchSize);
    const pairMask = new Float32Array(Math.max(0, options.batchSize - 1));
    let filled = 0;
    while (filled < options.batchSize) {
      const draw = Math.floor(random() * total);
      const index = cumulative.findIndex((bound) => draw < bound);
      const choice = choices[index] as WindowChoice;
      const start = draw - (index > 0 ? (cumulative[index - 1] as number) : 0);
      const take = Math.min(choice.length, options.batchSize - filled);
      for (let step = 0; step < take; step++) {
        rows[filled + step] = choice.offset + start + step;
        if (step > 0) pairMask[filled + step - 1] = 1;
      }
      filled += take;
    }
    return { rows, pairMask };
  };
}

/** All rows of the sequences in order, pairs inside each sequence (for validation and evaluation). */
export function wholeBatch(sequences: Sequence[], offsets: number[]): Batch {
  const count = sequences.reduce((total, sequence) => total + sequence.length, 0);
  const rows = new Int32Array(count);
  const pairMask = new Float32Array(Math.max(0, count - 1));
  sequences.forEach((sequence, index) => {
    const offset = offsets[index] as number;
    for (let step = 0; step < sequence.length; step++) {
      rows[offset + step] = offset + step;
      if (step > 0) pairMask[offset + step - 1] = 1;
    }
  });
  return { rows, pairMask };
}
