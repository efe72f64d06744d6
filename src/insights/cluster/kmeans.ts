import { loadOnFirstUse } from "../../core/load-on-first-use.js";
import { kmeansPlusPlus } from "./kmeans-init.js";
import { computeNorms, miniBatchKmeans, nearestCentre } from "./mini-batch-kmeans.js";
import { normalizeRows, type VectorMatrix } from "./vectors.js";

/** Above this many points the full k-means of ml-kmeans (number[][], every point every iteration) is replaced by mini-batch. */
/** ml-kmeans (and its many ml-* modules) loads on the first clustering, not at import. */
const loadMlKmeans = loadOnFirstUse<typeof import("ml-kmeans")>("ml-kmeans");

export const miniBatchThreshold = 20_000;

export type KmeansMethod = "ml-kmeans" | "mini-batch";

export interface KmeansOptions {
  k: number;
  seed: number;
  /** Force mini-batch (default: only above `miniBatchThreshold` points). */
  miniBatch?: boolean;
  maxIterations?: number;
  batchSize?: number;
  /** Start from these centres (k = their number) instead of k-means++. */
  initial?: VectorMatrix;
}

export interface KmeansOutcome {
  k: number;
  method: KmeansMethod;
  iterations: number;
  /** Cluster id per point; ids are renumbered by size (0 = largest), empty clusters dropped. */
  assignments: Int32Array;
  /** Cosine distance from each point to its cluster's centroid. */
  distances: Float32Array;
  /** Unit-length centroids, one row per cluster id. */
  centroids: VectorMatrix;
}

/**
 * k-means in cosine geometry: rows are L2-normalised (in place), seeded with the same k-means++
 * for both methods, then refined by ml-kmeans (normal sizes) or mini-batch k-means (large inputs).
 */
export function clusterVectors(matrix: VectorMatrix, options: KmeansOptions): KmeansOutcome {
  normalizeRows(matrix);
  const k = Math.max(1, Math.min(options.initial?.rows ?? options.k, matrix.rows));
  const initial =
    options.initial && options.initial.rows === k
      ? options.initial
      : kmeansPlusPlus(matrix, k, options.seed);
  const useMiniBatch = options.miniBatch ?? matrix.rows > miniBatchThreshold;
  let centres: VectorMatrix;
  let iterations: number;
  if (useMiniBatch) {
    const result = miniBatchKmeans(matrix, initial, {
      seed: options.seed,
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
    });
    centres = result.centres;
    iterations = result.iterations;
  } else {
    const result = loadMlKmeans().kmeans(toRows(matrix), initial.rows, {
      initialization: toRows(initial),
      seed: options.seed,
      maxIterations: options.maxIterations ?? 100,
    });
    centres = {
      data: Float32Array.from(result.centroids.flat()),
      rows: result.centroids.length,
      dimensions: matrix.dimensions,
    };
    iterations = result.iterations;
  }
  return finishClusters(matrix, centres, useMiniBatch ? "mini-batch" : "ml-kmeans", iterations);
}

/** Final assignment against the centres, then ids renumbered by size and centroids recomputed as unit-length means. */
function finishClusters(
  matrix: VectorMatrix,
  centres: VectorMatrix,
  method: KmeansMethod,
  iterations: number,
): KmeansOutcome {
  const { data, rows, dimensions } = matrix;
  const norms = computeNorms(
    centres.data,
    centres.rows,
    dimensions,
    new Float64Array(centres.rows),
  );
  const raw = new Int32Array(rows);
  const sizes = new Array<number>(centres.rows).fill(0);
  for (let index = 0; index < rows; index++) {
    const label = nearestCentre(
      data,
      index * dimensions,
      centres.data,
      norms,
      centres.rows,
      dimensions,
    );
    raw[index] = label;
    sizes[label] = (sizes[label] ?? 0) + 1;
  }
  const firstSeen = new Array<number>(centres.rows).fill(rows);
  for (let index = rows - 1; index >= 0; index--) firstSeen[raw[index] as number] = index;
  const order = sizes
    .map((size, label) => ({ size, label, first: firstSeen[label] as number }))
    .filter((entry) => entry.size > 0)
    .sort((a, b) => b.size - a.size || a.first - b.first);
  const renumber = new Int32Array(centres.rows).fill(-1);
  order.forEach((entry, id) => {
    renumber[entry.label] = id;
  });
  const k = order.length;
  const assignments = new Int32Array(rows);
  const sums = new Float64Array(k * dimensions);
  for (let index = 0; index < rows; index++) {
    const id = renumber[raw[index] as number] as number;
    assignments[index] = id;
    const start = index * dimensions;
    for (let column = 0; column < dimensions; column++) {
      sums[id * dimensions + column] =
        (sums[id * dimensions + column] as number) + (data[start + column] as number);
    }
  }
  const centroids = normalizeRows({ data: Float32Array.from(sums), rows: k, dimensions });
  const distances = new Float32Array(rows);
  for (let index = 0; index < rows; index++) {
    const id = assignments[index] as number;
    let dot = 0;
    for (let column = 0; column < dimensions; column++) {
      dot +=
        (data[index * dimensions + column] as number) *
        (centroids.data[id * dimensions + column] as number);
    }
    distances[index] = Math.max(0, 1 - dot);
  }
  return { k, method, iterations, assignments, distances, centroids };
}

function toRows(matrix: VectorMatrix): number[][] {
  const rows: number[][] = [];
  for (let index = 0; index < matrix.rows; index++) {
    rows.push(
      Array.from(matrix.data.subarray(index * matrix.dimensions, (index + 1) * matrix.dimensions)),
    );
  }
  return rows;
}
