import { averageLinkage, cutMerges } from "./average-linkage.js";
import { maxAutomaticK } from "./choose-k.js";
import { clusterVectors, type KmeansOutcome } from "./kmeans.js";
import { createRandom, sampleIndices } from "./random.js";
import { dotRows, normalizeRows, type VectorMatrix } from "./vectors.js";

/**
 * k from the data. Candidate partitions of a seeded sample (≤ `sampleLimit` rows) are scored by
 * the mean silhouette in cosine distance: for every candidate k, seeded k-means (best of
 * `restarts` by total distance) and, for k ≤ ⌊n / 10⌋ (clusters the size of the default privacy
 * gate on average), a cut of the average-linkage tree. Each k scores its better partition, and the
 * smallest k within `tolerance` of the best score wins: a flat curve (topics the embedder hardly
 * separates, as on the 4-language evaluation set) chooses few clusters, not the noisiest peak.
 *
 * Why both: k-means splits a large topic to give two small ones a shared centre (imbalanced-720:
 * ARI 0.81 at its best k), average linkage does not (0.92) but, cut finely, it makes clusters of
 * 3–5 conversations whose silhouette keeps rising (balanced-240: k = 44 against 24 topics), hence
 * its cap at ⌊n / 10⌋. Candidates are every k in the range when it holds ≤ `maxCandidates`
 * values, otherwise that many spaced geometrically (both ends kept). The default range is
 * 2 … min(200, ⌊n / 5⌋).
 */
export interface KCurvePoint {
  k: number;
  /** The better of the two partitions' scores. */
  silhouette: number;
  kmeans: number;
  /** Absent above the linkage cap. */
  linkage?: number;
}

export interface KSelection {
  k: number;
  criterion: "silhouette";
  /** The partition the chosen k's score came from. */
  method: "k-means" | "average-linkage";
  range: [number, number];
  sample: number;
  tolerance: number;
  curve: KCurvePoint[];
  /** Unit-length centroids of the chosen partition of the sample: the final k-means starts there. */
  centroids: VectorMatrix;
}

export interface SelectKOptions {
  seed: number;
  range?: [number, number];
  sampleLimit?: number;
  maxCandidates?: number;
  /** k-means runs per candidate (seeds seed, seed + 1, …); the lowest total distance is scored. */
  restarts?: number;
  /** The smallest k whose score is at least the best score minus this wins (default 0.015). */
  tolerance?: number;
  /** Largest k cut from the average-linkage tree (default ⌊n / 10⌋). */
  linkageMaxK?: number;
}

export const defaultKTolerance = 0.015;
/** Above this many sampled rows, average linkage starts from k-means micro-clusters of about 2 rows. */
const linkageRowLimit = 600;

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
  const tolerance = options.tolerance ?? defaultKTolerance;
  const linkageMaxK = options.linkageMaxK ?? Math.floor(matrix.rows / 10);
  const tree = linkageTree(sample, options.seed);
  const candidates: {
    point: KCurvePoint;
    assignments: Int32Array;
    method: KSelection["method"];
  }[] = [];
  for (const k of candidateKs(low, high, options.maxCandidates ?? 40)) {
    const outcome = bestOfRestarts(sample, k, options.seed, options.restarts ?? 3);
    const kmeans = round(silhouette(similarities, outcome.assignments, sample.rows), 4);
    const point: KCurvePoint = { k, silhouette: kmeans, kmeans };
    let assignments = outcome.assignments;
    let method: KSelection["method"] = "k-means";
    const cut = k <= linkageMaxK ? tree.cut(k) : undefined;
    if (cut) {
      point.linkage = round(silhouette(similarities, cut, sample.rows), 4);
      if (point.linkage > kmeans) {
        point.silhouette = point.linkage;
        assignments = cut;
        method = "average-linkage";
      }
    }
    candidates.push({ point, assignments, method });
  }
  const best = Math.max(...candidates.map((candidate) => candidate.point.silhouette));
  const chosen =
    candidates.find((candidate) => candidate.point.silhouette >= best - tolerance) ??
    (candidates[0] as (typeof candidates)[number]);
  const k = chosen.point.k;
  return {
    k,
    criterion: "silhouette",
    method: chosen.method,
    range: [low, high],
    sample: sample.rows,
    tolerance,
    curve: candidates.map((candidate) => candidate.point),
    centroids: centroidsOf(sample, chosen.assignments),
  };
}

/** The average-linkage tree of the sample (on k-means micro-clusters above `linkageRowLimit` rows). */
function linkageTree(sample: VectorMatrix, seed: number) {
  let groups: Int32Array;
  let groupCount: number;
  if (sample.rows <= linkageRowLimit) {
    groups = Int32Array.from({ length: sample.rows }, (_, index) => index);
    groupCount = sample.rows;
  } else {
    const micro = clusterVectors(
      { data: sample.data.slice(), rows: sample.rows, dimensions: sample.dimensions },
      { k: Math.floor(linkageRowLimit / 2), seed },
    );
    groups = micro.assignments;
    groupCount = micro.k;
  }
  const merges = averageLinkage(sample, groups, groupCount);
  return {
    cut(k: number): Int32Array | undefined {
      const labels = cutMerges(merges, groupCount, k);
      return labels && Int32Array.from(groups, (group) => labels[group] as number);
    },
  };
}

function centroidsOf(matrix: VectorMatrix, assignments: Int32Array): VectorMatrix {
  const { data, rows, dimensions } = matrix;
  let k = 0;
  for (const cluster of assignments) k = Math.max(k, cluster + 1);
  const sums = new Float32Array(k * dimensions);
  for (let index = 0; index < rows; index++) {
    const cluster = assignments[index] as number;
    for (let column = 0; column < dimensions; column++) {
      sums[cluster * dimensions + column] =
        (sums[cluster * dimensions + column] as number) +
        (data[index * dimensions + column] as number);
    }
  }
  return normalizeRows({ data: sums, rows: k, dimensions });
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
