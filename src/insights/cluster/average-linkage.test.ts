import { describe, expect, it } from "vitest";
import { averageLinkage, cutMerges } from "./average-linkage.js";
import { clusterVectors } from "./kmeans.js";
import { createRandom } from "./random.js";
import { normalizeRows, type VectorMatrix } from "./vectors.js";

function rows(values: number[][]): VectorMatrix {
  return normalizeRows({
    data: Float32Array.from(values.flat()),
    rows: values.length,
    dimensions: values[0]?.length ?? 0,
  });
}

describe("averageLinkage", () => {
  it("merges the most similar groups first and cuts at any k", () => {
    const matrix = rows([
      [1, 0, 0],
      [0.95, 0.05, 0],
      [0, 1, 0],
      [0.05, 0.95, 0],
      [0, 0, 1],
    ]);
    const merges = averageLinkage(matrix, Int32Array.from([0, 1, 2, 3, 4]), 5);
    expect(merges).toHaveLength(4);
    expect(Array.from(cutMerges(merges, 5, 3) ?? [])).toEqual([0, 0, 1, 1, 2]);
    expect(Array.from(cutMerges(merges, 5, 5) ?? [])).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(cutMerges(merges, 5, 1))).toEqual(new Set([0]));
    expect(cutMerges(merges, 5, 6)).toBeUndefined();
    for (let step = 1; step < merges.length; step++) {
      expect(merges[step]?.similarity).toBeLessThanOrEqual(merges[step - 1]?.similarity as number);
    }
  });

  it("keeps a large topic whole where k-means would split it", () => {
    // One topic of 60 spread along an arc, two small tight topics close to each other.
    const random = createRandom(4);
    const values: number[][] = [];
    for (let index = 0; index < 60; index++) {
      const angle = (index / 59) * 0.9;
      values.push([Math.cos(angle), Math.sin(angle), 0, random() * 0.02]);
    }
    for (let index = 0; index < 8; index++) values.push([0, 0.3, 1, random() * 0.02]);
    for (let index = 0; index < 8; index++) values.push([0, -0.3, 1, random() * 0.02]);
    const matrix = rows(values);
    const groups = Int32Array.from({ length: matrix.rows }, (_, index) => index);
    const cut = cutMerges(averageLinkage(matrix, groups, matrix.rows), matrix.rows, 3) ?? [];
    expect(new Set(Array.from(cut).slice(0, 60)).size).toBe(1);
    expect(new Set(Array.from(cut).slice(60, 68)).size).toBe(1);
    expect(cut[60]).not.toBe(cut[70]);
    const kmeans = clusterVectors(rows(values), { k: 3, seed: 1 }).assignments;
    expect(new Set(Array.from(kmeans).slice(0, 60)).size).toBeGreaterThan(1);
  });
});
