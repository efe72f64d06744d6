import { loadOnFirstUse } from "../../core/load-on-first-use.js";
import { createRandom, sampleIndices } from "./random.js";
import { cosineDistance, type VectorMatrix } from "./vectors.js";

/**
 * 2-D map of the conversations for the viewer: UMAP with cosine distance and a seeded random
 * source. Above `fitLimit` points UMAP is fitted on a seeded sample and every other point is
 * placed at the similarity-weighted mean of its 3 most similar fitted points from its own cluster
 * (an approximation that keeps clusters where UMAP put them; the map says so in `method`).
 */
/** umap-js loads on the first map, not at import. */
const loadUmap = loadOnFirstUse<typeof import("umap-js")>("umap-js");

export const defaultFitLimit = 2000;

export interface MapPoint {
  conversation_id: string;
  x: number;
  y: number;
  cluster_id: number;
}

export interface MapCluster {
  cluster_id: number;
  x: number;
  y: number;
  size: number;
}

export interface ConversationMap {
  method: string;
  points: MapPoint[];
  clusters: MapCluster[];
}

export function mapConversations(
  ids: string[],
  matrix: VectorMatrix,
  assignments: Int32Array,
  options: {
    seed: number;
    fitLimit?: number;
    nEpochs?: number;
    /** Called once the neighbour graph is built, then after each layout epoch. */
    onProgress?: (done: number, total: number) => void;
  },
): ConversationMap {
  const n = ids.length;
  const fitLimit = options.fitLimit ?? defaultFitLimit;
  const fitted = sampleIndices(n, fitLimit, createRandom(options.seed));
  const rows = fitted.map((index) =>
    Array.from(matrix.data.subarray(index * matrix.dimensions, (index + 1) * matrix.dimensions)),
  );
  const coordinates = new Float64Array(n * 2);
  const placed = new Uint8Array(n);
  if (fitted.length >= 3) {
    const umap = new (loadUmap().UMAP)({
      nComponents: 2,
      nNeighbors: Math.max(2, Math.min(15, fitted.length - 1)),
      minDist: 0.1,
      distanceFn: cosineDistance,
      random: createRandom(options.seed),
      nEpochs: options.nEpochs ?? (fitted.length > 1000 ? 200 : 400),
    });
    // Epoch by epoch (what fit() does inside), so a long layout can report its progress.
    const epochs = umap.initializeFit(rows);
    options.onProgress?.(0, epochs);
    for (let epoch = 1; epoch <= epochs; epoch++) {
      umap.step();
      options.onProgress?.(epoch, epochs);
    }
    const embedding = umap.getEmbedding();
    fitted.forEach((index, position) => {
      coordinates[index * 2] = embedding[position]?.[0] ?? 0;
      coordinates[index * 2 + 1] = embedding[position]?.[1] ?? 0;
      placed[index] = 1;
    });
  } else {
    fitted.forEach((index, position) => {
      coordinates[index * 2] = position;
      placed[index] = 1;
    });
  }
  if (fitted.length < n) placeRest(matrix, assignments, fitted, coordinates, placed);
  const points = ids.map((id, index) => ({
    conversation_id: id,
    x: round4(coordinates[index * 2] as number),
    y: round4(coordinates[index * 2 + 1] as number),
    cluster_id: assignments[index] as number,
  }));
  return {
    method:
      fitted.length < n
        ? `umap-js cosine, fitted on ${fitted.length} of ${n} points; the rest placed by nearest fitted neighbours in their cluster`
        : "umap-js cosine, all points fitted",
    points,
    clusters: clusterCentres(points),
  };
}

function placeRest(
  matrix: VectorMatrix,
  assignments: Int32Array,
  fitted: number[],
  coordinates: Float64Array,
  placed: Uint8Array,
): void {
  const { data, dimensions } = matrix;
  const byCluster = new Map<number, number[]>();
  for (const index of fitted) {
    const cluster = assignments[index] as number;
    const list = byCluster.get(cluster) ?? [];
    list.push(index);
    byCluster.set(cluster, list);
  }
  for (let index = 0; index < placed.length; index++) {
    if (placed[index]) continue;
    const neighbours = (byCluster.get(assignments[index] as number) ?? fitted)
      .map((other) => {
        let dot = 0;
        for (let column = 0; column < dimensions; column++) {
          dot +=
            (data[index * dimensions + column] as number) *
            (data[other * dimensions + column] as number);
        }
        return { other, similarity: dot };
      })
      .sort((a, b) => b.similarity - a.similarity || a.other - b.other)
      .slice(0, 3);
    let weight = 0;
    let x = 0;
    let y = 0;
    for (const { other, similarity } of neighbours) {
      const w = Math.max(similarity, 1e-6);
      weight += w;
      x += w * (coordinates[other * 2] as number);
      y += w * (coordinates[other * 2 + 1] as number);
    }
    coordinates[index * 2] = weight > 0 ? x / weight : 0;
    coordinates[index * 2 + 1] = weight > 0 ? y / weight : 0;
  }
}

function clusterCentres(points: MapPoint[]): MapCluster[] {
  const sums = new Map<number, { x: number; y: number; size: number }>();
  for (const point of points) {
    const sum = sums.get(point.cluster_id) ?? { x: 0, y: 0, size: 0 };
    sum.x += point.x;
    sum.y += point.y;
    sum.size += 1;
    sums.set(point.cluster_id, sum);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => a - b)
    .map(([cluster_id, sum]) => ({
      cluster_id,
      x: round4(sum.x / sum.size),
      y: round4(sum.y / sum.size),
      size: sum.size,
    }));
}

function round4(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
