import type { KmeansOutcome } from "./kmeans.js";
import type { VectorMatrix } from "./vectors.js";

/** What `base_assignments.jsonl` and `base_clusters.json` hold, built from a k-means outcome. */
export interface BaseAssignment {
  conversation_id: string;
  cluster_id: number;
  /** Cosine distance to the cluster centroid, 6 decimals. */
  distance: number;
}

export interface BaseCluster {
  cluster_id: number;
  size: number;
  /** Up to `sampleSize` members closest to the centroid, closest first. */
  member_ids: string[];
  /** Up to `sampleSize` non-members closest to the centroid: the contrast set for labelling. */
  nearest_outside: string[];
}

export function buildBaseClusters(
  ids: string[],
  matrix: VectorMatrix,
  outcome: KmeansOutcome,
  sampleSize = 10,
): { assignments: BaseAssignment[]; clusters: BaseCluster[] } {
  const assignments = ids.map((id, index) => ({
    conversation_id: id,
    cluster_id: outcome.assignments[index] as number,
    distance: round(outcome.distances[index] as number, 6),
  }));
  const clusters: BaseCluster[] = [];
  const { dimensions } = matrix;
  for (let cluster = 0; cluster < outcome.k; cluster++) {
    const inside: { index: number; similarity: number }[] = [];
    const outside: { index: number; similarity: number }[] = [];
    for (let index = 0; index < ids.length; index++) {
      let dot = 0;
      for (let column = 0; column < dimensions; column++) {
        dot +=
          (matrix.data[index * dimensions + column] as number) *
          (outcome.centroids.data[cluster * dimensions + column] as number);
      }
      (outcome.assignments[index] === cluster ? inside : outside).push({ index, similarity: dot });
    }
    const top = (list: { index: number; similarity: number }[]) =>
      list
        .sort((a, b) => b.similarity - a.similarity || a.index - b.index)
        .slice(0, sampleSize)
        .map((entry) => ids[entry.index] as string);
    clusters.push({
      cluster_id: cluster,
      size: inside.length,
      member_ids: top(inside),
      nearest_outside: top(outside),
    });
  }
  return { assignments, clusters };
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
