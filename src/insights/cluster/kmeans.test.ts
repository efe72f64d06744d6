import { describe, expect, it } from "vitest";
import { chooseK } from "./choose-k.js";
import { clusterVectors } from "./kmeans.js";
import { kmeansPlusPlus } from "./kmeans-init.js";
import { createRandom } from "./random.js";
import type { VectorMatrix } from "./vectors.js";

/** n points around `centres` random unit directions in d dimensions, with Gaussian-ish noise. */
function planted(n: number, centres: number, dimensions: number, noise: number, seed: number) {
  const random = createRandom(seed);
  const directions = Array.from({ length: centres }, () =>
    Array.from({ length: dimensions }, () => random() * 2 - 1),
  );
  const data = new Float32Array(n * dimensions);
  const truth: number[] = [];
  for (let index = 0; index < n; index++) {
    const label = index % centres;
    truth.push(label);
    for (let column = 0; column < dimensions; column++) {
      const jitter = (random() + random() + random() - 1.5) * noise;
      data[index * dimensions + column] = (directions[label]?.[column] ?? 0) + jitter;
    }
  }
  return { matrix: { data, rows: n, dimensions } as VectorMatrix, truth };
}

/** Share of points whose cluster's majority label is their own label. */
function purity(truth: number[], assignments: Int32Array): number {
  const counts = new Map<number, Map<number, number>>();
  assignments.forEach((cluster, index) => {
    const map = counts.get(cluster) ?? new Map<number, number>();
    map.set(truth[index] as number, (map.get(truth[index] as number) ?? 0) + 1);
    counts.set(cluster, map);
  });
  let majority = 0;
  for (const map of counts.values()) majority += Math.max(...map.values());
  return majority / truth.length;
}

describe("chooseK", () => {
  it("follows clamp(round(sqrt(n/2)), 2, 200) and never exceeds n", () => {
    expect(chooseK(150)).toBe(9);
    expect(chooseK(10_000)).toBe(71);
    expect(chooseK(100_000)).toBe(200);
    expect(chooseK(5)).toBe(2);
    expect(chooseK(2)).toBe(2);
    expect(chooseK(1)).toBe(1);
  });
});

describe("clusterVectors", () => {
  it("recovers planted clusters with ml-kmeans and with mini-batch, from the same seeding", () => {
    for (const miniBatch of [false, true]) {
      const { matrix, truth } = planted(1200, 6, 32, 0.6, 3);
      const outcome = clusterVectors(matrix, { k: 6, seed: 42, miniBatch, batchSize: 256 });
      expect(outcome.method).toBe(miniBatch ? "mini-batch" : "ml-kmeans");
      expect(outcome.k).toBe(6);
      expect(purity(truth, outcome.assignments)).toBeGreaterThan(0.98);
    }
  });

  it("is deterministic for a seed, numbers clusters by size and reports cosine distances", () => {
    const first = clusterVectors(planted(400, 5, 16, 1.2, 9).matrix, { k: 5, seed: 7 });
    const second = clusterVectors(planted(400, 5, 16, 1.2, 9).matrix, { k: 5, seed: 7 });
    expect(Array.from(second.assignments)).toEqual(Array.from(first.assignments));
    const sizes = Array.from(
      { length: first.k },
      (_, id) => first.assignments.filter((cluster) => cluster === id).length,
    );
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    for (const distance of first.distances) {
      expect(distance).toBeGreaterThanOrEqual(0);
      expect(distance).toBeLessThanOrEqual(2);
    }
    for (let row = 0; row < first.centroids.rows; row++) {
      let norm = 0;
      for (let column = 0; column < 16; column++)
        norm += (first.centroids.data[row * 16 + column] as number) ** 2;
      expect(norm).toBeCloseTo(1, 4);
    }
  });

  it("uses only non-empty clusters and caps k at the number of points", () => {
    const { matrix } = planted(3, 3, 4, 0, 1);
    const outcome = clusterVectors(matrix, { k: 10, seed: 1 });
    expect(outcome.k).toBeLessThanOrEqual(3);
    expect(new Set(outcome.assignments).size).toBe(outcome.k);
  });
});

describe("kmeansPlusPlus", () => {
  it("spreads the initial centres over the planted groups", () => {
    const { matrix, truth } = planted(600, 4, 8, 0.05, 5);
    const centres = kmeansPlusPlus(matrix, 4, 11);
    const groups = new Set<number>();
    for (let centre = 0; centre < 4; centre++) {
      const row = centres.data.subarray(centre * 8, centre * 8 + 8);
      for (let index = 0; index < matrix.rows; index++) {
        const candidate = matrix.data.subarray(index * 8, index * 8 + 8);
        if (candidate.every((value, column) => value === row[column])) {
          groups.add(truth[index] as number);
          break;
        }
      }
    }
    expect(groups.size).toBe(4);
  });
});
