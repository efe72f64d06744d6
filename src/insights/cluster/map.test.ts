import { describe, expect, it } from "vitest";
import { clusterVectors } from "./kmeans.js";
import { mapConversations } from "./map.js";
import { createRandom } from "./random.js";
import type { VectorMatrix } from "./vectors.js";

function twoGroups(n: number): VectorMatrix {
  const random = createRandom(3);
  const data = new Float32Array(n * 8);
  for (let index = 0; index < n; index++) {
    for (let column = 0; column < 8; column++) {
      const base = index % 2 === 0 ? (column < 4 ? 1 : 0) : column < 4 ? 0 : 1;
      data[index * 8 + column] = base + (random() - 0.5) * 0.2;
    }
  }
  return { data, rows: n, dimensions: 8 };
}

describe("mapConversations", () => {
  it("is seeded, keeps clusters apart, and places points beyond the fit sample inside their cluster", () => {
    const matrix = twoGroups(120);
    const outcome = clusterVectors(matrix, { k: 2, seed: 1 });
    const ids = Array.from({ length: 120 }, (_, index) => `c${index}`);
    const first = mapConversations(ids, matrix, outcome.assignments, {
      seed: 5,
      fitLimit: 60,
      nEpochs: 100,
    });
    const again = mapConversations(ids, matrix, outcome.assignments, {
      seed: 5,
      fitLimit: 60,
      nEpochs: 100,
    });
    expect(again.points).toEqual(first.points);
    expect(first.method).toMatch(/fitted on 60 of 120/);
    expect(first.clusters.map((cluster) => cluster.size)).toEqual([60, 60]);
    const [a, b] = first.clusters;
    const gap = Math.hypot((a?.x ?? 0) - (b?.x ?? 0), (a?.y ?? 0) - (b?.y ?? 0));
    for (const point of first.points) {
      const own = first.clusters[point.cluster_id]!;
      expect(Math.hypot(point.x - own.x, point.y - own.y)).toBeLessThan(gap);
    }
  });
});
