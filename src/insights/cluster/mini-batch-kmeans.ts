import { createRandom } from "./random.js";
import type { VectorMatrix } from "./vectors.js";

export interface MiniBatchOptions {
  seed: number;
  batchSize?: number;
  maxIterations?: number;
  /** Stop when the smoothed mean squared centre shift per iteration falls below this. */
  tolerance?: number;
}

export interface MiniBatchResult {
  centres: VectorMatrix;
  iterations: number;
}

/**
 * Mini-batch k-means (Sculley 2010) over a Float32Array matrix: each iteration assigns a seeded
 * random batch to its nearest centres and moves each centre towards its points with a per-centre
 * learning rate of 1/count. Memory is the matrix plus k centres; nothing is copied per point.
 */
export function miniBatchKmeans(
  matrix: VectorMatrix,
  initial: VectorMatrix,
  options: MiniBatchOptions,
): MiniBatchResult {
  const { data, rows, dimensions } = matrix;
  const k = initial.rows;
  const centres = new Float32Array(initial.data);
  const counts = new Float64Array(k);
  const norms = new Float64Array(k);
  const random = createRandom(options.seed ^ 0x5bd1e995);
  const batchSize = Math.min(options.batchSize ?? 1024, rows);
  const maxIterations = options.maxIterations ?? 150;
  const tolerance = options.tolerance ?? 1e-7;
  const batch = new Int32Array(batchSize);
  const labels = new Int32Array(batchSize);
  const previous = new Float32Array(dimensions);
  let smoothedShift: number | undefined;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    computeNorms(centres, k, dimensions, norms);
    for (let index = 0; index < batchSize; index++) {
      const pick = Math.floor(random() * rows);
      batch[index] = pick;
      labels[index] = nearestCentre(data, pick * dimensions, centres, norms, k, dimensions);
    }
    let shift = 0;
    for (let index = 0; index < batchSize; index++) {
      const label = labels[index] as number;
      const start = (batch[index] as number) * dimensions;
      const centreStart = label * dimensions;
      counts[label] = (counts[label] as number) + 1;
      const rate = 1 / (counts[label] as number);
      previous.set(centres.subarray(centreStart, centreStart + dimensions));
      for (let column = 0; column < dimensions; column++) {
        const current = centres[centreStart + column] as number;
        centres[centreStart + column] =
          current + rate * ((data[start + column] as number) - current);
      }
      for (let column = 0; column < dimensions; column++) {
        const moved = (centres[centreStart + column] as number) - (previous[column] as number);
        shift += moved * moved;
      }
    }
    const meanShift = shift / batchSize;
    smoothedShift = smoothedShift === undefined ? meanShift : 0.7 * smoothedShift + 0.3 * meanShift;
    if (iterations >= 10 && smoothedShift < tolerance) {
      iterations += 1;
      break;
    }
  }
  return { centres: { data: centres, rows: k, dimensions }, iterations };
}

export function computeNorms(
  centres: Float32Array,
  k: number,
  dimensions: number,
  into: Float64Array,
): Float64Array {
  for (let centre = 0; centre < k; centre++) {
    let sum = 0;
    const start = centre * dimensions;
    for (let column = 0; column < dimensions; column++) {
      const value = centres[start + column] as number;
      sum += value * value;
    }
    into[centre] = sum;
  }
  return into;
}

/** argmin ‖x − c‖² = argmax (x·c − ‖c‖²/2): one dot product per centre. */
export function nearestCentre(
  data: Float32Array,
  start: number,
  centres: Float32Array,
  norms: Float64Array,
  k: number,
  dimensions: number,
): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let centre = 0; centre < k; centre++) {
    const centreStart = centre * dimensions;
    let dot = 0;
    for (let column = 0; column < dimensions; column++) {
      dot += (data[start + column] as number) * (centres[centreStart + column] as number);
    }
    const score = dot - (norms[centre] as number) / 2;
    if (score > bestScore) {
      bestScore = score;
      best = centre;
    }
  }
  return best;
}
