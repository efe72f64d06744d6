import { UMAP } from "umap-js";
import { describe, expect, it } from "vitest";
import { clusterVectors } from "./kmeans.js";
import { mapConversations } from "./map.js";
import { createRandom } from "./random.js";
import { cosineDistance, type VectorMatrix } from "./vectors.js";

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

  it("reports its layout epoch by epoch, with the same points umap's fit() gives", () => {
    const matrix = twoGroups(40);
    const outcome = clusterVectors(matrix, { k: 2, seed: 1 });
    const ids = Array.from({ length: 40 }, (_, index) => `c${index}`);
    const calls: [number, number][] = [];
    const map = mapConversations(ids, matrix, outcome.assignments, {
      seed: 5,
      nEpochs: 50,
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(calls[0]).toEqual([0, 50]);
    expect(calls.at(-1)).toEqual([50, 50]);
    expect(calls.map(([done]) => done)).toEqual(Array.from({ length: 51 }, (_, index) => index));
    // The stepwise layout is fit()'s own loop: the points match a plain fit with the same seed.
    const rows = ids.map((_, index) => Array.from(matrix.data.subarray(index * 8, index * 8 + 8)));
    const fitted = new UMAP({
      nComponents: 2,
      nNeighbors: 15, // the map's own choice for 40 points
      minDist: 0.1,
      distanceFn: cosineDistance,
      random: createRandom(5),
      nEpochs: 50,
    }).fit(rows);
    expect(map.points.map((point) => [point.x, point.y])).toEqual(
      fitted.map(([x, y]) => [
        Math.round((x as number) * 1e4) / 1e4,
        Math.round((y as number) * 1e4) / 1e4,
      ]),
    );
  });
});
