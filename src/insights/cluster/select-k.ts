import { maxAutomaticK } from "./choose-k.js";
import { clusterVectors, type KmeansOutcome } from "./kmeans.js";
import { createRandom, sampleIndices } from "./random.js";
import { dotRows, normalizeRows, type VectorMatrix } from "./vectors.js";

/**
 * k from the data: k-means for each candidate k on a seeded sample (≤ `sampleLimit` rows), scored by
 * the mean silhouette in cosine distance; the best score wins, ties to the smaller k. Candidates
 * are every k in the range when it holds ≤ `maxCandidates` values, otherwise that many values
 * spaced geometrically (always both ends). The default range is 2 … min(200, ⌊n / 5⌋): clusters of
 * fewer than 5 conversations on average are not worth scoring. (⌊n / 10⌋, the default gate size,
 * was tried: it holds multilingual corpora to fewer splits but cut balanced-240 to ARI 0.77.)
 */
export interface KSelection {
  k: number;
  criterion: "silhouette";
  range: [number, number];
  sample: number;
  curve: { k: number; silhouette: number }[];
}

export interface SelectKOptions {
  seed: number;
  range?: [number, number];
  sampleLimit?: number;
  maxCandidates?: number;
  /** k-means runs per candidate (seeds seed, seed + 1, …); the lowest total distance is scored. */
  restarts?: number;
}

export function defaultKRange(count: number, minClusterSize = 5): [number, number] {
  const upper = Math.max(2, Math.min(maxAutomaticK, Math.floor(count / minClusterSize), count));
  return [Math.min(2, upper), upper];
}

export function selectK(matrix: VectorMatrix, options: SelectKOptions): KSelection {
  normalizeRows(matrix);
  const [low, high] = clampRange(options.range ?? defaultKRange(matrix.rows), matrix.rows);
  const indices = sampleIndices(
    matrix.rows,
    options.sampleLimit ?? 1500,
    createRandom(options.seed ^ 0x5eed),
  );
  const sample = subMatrix(matrix, indices);
  const similarities = pairwiseSimilarities(sample);
  const curve = candidateKs(low, high, options.maxCandidates ?? 40).map((k) => {
    const outcome = bestOfRestarts(sample, k, options.seed, options.restarts ?? 3);
    return { k, silhouette: round(silhouette(similarities, outcome.assignments, sample.rows), 4) };
  });
  let best = curve[0] ?? { k: low, silhouette: 0 };
  for (const point of curve) if (point.silhouette > best.silhouette) best = point;
  return { k: best.k, criterion: "silhouette", range: [low, high], sample: sample.rows, curve };
}

/** Seeded k-means `restarts` times (seed, seed + 1, …), keeping the run with the lowest total cosine distance. */
export function bestOfRestarts(
  matrix: VectorMatrix,
  k: number,
  seed: number,
  restarts: number,
  miniBatch?: boolean,
): KmeansOutcome {
  let best: { outcome: KmeansOutcome; inertia: number } | undefined;
  for (let run = 0; run < Math.max(1, restarts); run++) {
    const outcome = clusterVectors(
      { data: matrix.data.slice(), rows: matrix.rows, dimensions: matrix.dimensions },
      { k, seed: seed + run, ...(miniBatch === undefined ? {} : { miniBatch }) },
    );
    let inertia = 0;
    for (const distance of outcome.distances) inertia += distance;
    if (best === undefined || inertia < best.inertia) best = { outcome, inertia };
  }
  return (best as { outcome: KmeansOutcome }).outcome;
}

/** Parses `a..b` (both positive integers, a ≤ b). */
export function parseKRange(text: string): [number, number] | undefined {
  const match = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const low = Number(match[1]);
  const high = Number(match[2]);
  return low >= 1 && low <= high ? [low, high] : undefined;
}

function clampRange([low, high]: [number, number], rows: number): [number, number] {
  const top = Math.max(1, Math.min(high, rows));
  return [Math.max(1, Math.min(low, top)), top];
}

export function candidateKs(low: number, high: number, maxCandidates: number): number[] {
  if (high - low + 1 <= maxCandidates) {
    return Array.from({ length: high - low + 1 }, (_, index) => low + index);
  }
  const values = new Set<number>();
  const ratio = (high / low) ** (1 / (maxCandidates - 1));
  for (let index = 0; index < maxCandidates; index++) {
    values.add(Math.min(high, Math.round(low * ratio ** index)));
  }
  values.add(high);
  return [...values].sort((a, b) => a - b);
}

function subMatrix(matrix: VectorMatrix, indices: number[]): VectorMatrix {
  const { dimensions } = matrix;
  const data = new Float32Array(indices.length * dimensions);
  indices.forEach((source, target) => {
    data.set(
      matrix.data.subarray(source * dimensions, (source + 1) * dimensions),
      target * dimensions,
    );
  });
  return { data, rows: indices.length, dimensions };
}

function pairwiseSimilarities(matrix: VectorMatrix): Float32Array {
  const { rows, dimensions, data } = matrix;
  const result = new Float32Array(rows * rows);
  for (let a = 0; a < rows; a++) {
    result[a * rows + a] = 1;
    for (let b = a + 1; b < rows; b++) {
      const value = dotRows(data, a * dimensions, data, b * dimensions, dimensions);
      result[a * rows + b] = value;
      result[b * rows + a] = value;
    }
  }
  return result;
}

/**
 * Mean silhouette (Rousseeuw 1987) with cosine distance 1 − similarity; a point alone in its
 * cluster scores 0 (the usual convention), one cluster scores 0 overall.
 */
export function silhouette(
  similarities: Float32Array,
  assignments: Int32Array,
  rows: number,
): number {
  let clusters = 0;
  for (const cluster of assignments) clusters = Math.max(clusters, cluster + 1);
  if (clusters < 2) return 0;
  const sizes = new Float64Array(clusters);
  for (const cluster of assignments) sizes[cluster] = (sizes[cluster] as number) + 1;
  const sums = new Float64Array(clusters);
  let total = 0;
  for (let point = 0; point < rows; point++) {
    sums.fill(0);
    for (let other = 0; other < rows; other++) {
      if (other === point) continue;
      const cluster = assignments[other] as number;
      sums[cluster] =
        (sums[cluster] as number) + 1 - (similarities[point * rows + other] as number);
    }
    const own = assignments[point] as number;
    const ownSize = (sizes[own] as number) - 1;
    if (ownSize === 0) continue;
    const a = (sums[own] as number) / ownSize;
    let b = Number.POSITIVE_INFINITY;
    for (let cluster = 0; cluster < clusters; cluster++) {
      if (cluster === own || sizes[cluster] === 0) continue;
      b = Math.min(b, (sums[cluster] as number) / (sizes[cluster] as number));
    }
    const denominator = Math.max(a, b);
    if (denominator > 0 && Number.isFinite(b)) total += (b - a) / denominator;
  }
  return total / rows;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
