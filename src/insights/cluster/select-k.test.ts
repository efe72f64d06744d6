import { describe, expect, it } from "vitest";
import { clusterVectors } from "./kmeans.js";
import { centerByLanguage } from "./language-centering.js";
import { createRandom } from "./random.js";
import { findRecurringSentences, withoutRecurring } from "./recurring-sentences.js";
import { candidateKs, defaultKRange, parseKRange, selectK } from "./select-k.js";
import type { VectorMatrix } from "./vectors.js";

/** `sizes.length` tight clusters around random directions in 32 dimensions, imbalanced as given. */
function blobs(sizes: number[], seed: number): VectorMatrix {
  const random = createRandom(seed);
  const dimensions = 32;
  const centres = sizes.map(() => Array.from({ length: dimensions }, () => random() * 2 - 1));
  const rows = sizes.flatMap((size, cluster) =>
    Array.from({ length: size }, () =>
      (centres[cluster] as number[]).map((value) => value + (random() - 0.5) * 0.3),
    ),
  );
  return { data: Float32Array.from(rows.flat()), rows: rows.length, dimensions };
}

describe("selectK", () => {
  it("finds the number of imbalanced clusters that the old sqrt(n/2) rule missed", () => {
    const sizes = [60, 40, 30, 20, 15, 12, 10, 10, 8, 8, 8, 8];
    const matrix = blobs(sizes, 3);
    const selection = selectK(matrix, { seed: 42, range: defaultKRange(matrix.rows, 5) });
    expect(Math.round(Math.sqrt(matrix.rows / 2))).not.toBe(sizes.length);
    expect(selection.k).toBe(sizes.length);
    expect(selection.criterion).toBe("silhouette");
    expect(selection.range).toEqual(defaultKRange(matrix.rows, 5));
    expect(selection.curve.map((point) => point.k)).toContain(sizes.length);
  });

  it("takes the smallest k within the tolerance of the best score", () => {
    const matrix = blobs([30, 30, 30, 30, 30, 30], 5);
    const strict = selectK({ ...matrix, data: matrix.data.slice() }, { seed: 1, tolerance: 0 });
    const best = Math.max(...strict.curve.map((point) => point.silhouette));
    expect(strict.curve.find((point) => point.k === strict.k)?.silhouette).toBe(best);
    const loose = selectK(matrix, { seed: 1, tolerance: 1 });
    expect(loose.k).toBe(loose.range[0]);
    expect(loose.tolerance).toBe(1);
  });

  it("keeps an imbalanced topic whole with an average-linkage partition, refined by k-means", () => {
    const random = createRandom(4);
    const values: number[][] = [];
    for (let index = 0; index < 60; index++) {
      const angle = (index / 59) * 0.9;
      values.push([Math.cos(angle), Math.sin(angle), 0, random() * 0.02]);
    }
    for (let index = 0; index < 8; index++) values.push([0, 0.3, 1, random() * 0.02]);
    for (let index = 0; index < 8; index++) values.push([0, -0.3, 1, random() * 0.02]);
    const matrix = { data: Float32Array.from(values.flat()), rows: values.length, dimensions: 4 };
    const selection = selectK(matrix, { seed: 1, range: [2, 6], tolerance: 0 });
    expect(selection.k).toBe(3);
    expect(selection.method).toBe("average-linkage");
    expect(selection.centroids.rows).toBe(3);
    const outcome = clusterVectors(matrix, { k: 3, seed: 1, initial: selection.centroids });
    expect(new Set(Array.from(outcome.assignments).slice(0, 60)).size).toBe(1);
  });

  it("searches only the given range", () => {
    const selection = selectK(blobs([30, 30, 30, 30, 30, 30], 5), { seed: 1, range: [2, 4] });
    expect(selection.curve.map((point) => point.k)).toEqual([2, 3, 4]);
    expect(selection.k).toBeLessThanOrEqual(4);
  });

  it("parses --k-range and spaces candidates", () => {
    expect(parseKRange("10..40")).toEqual([10, 40]);
    expect(parseKRange("40..10")).toBeUndefined();
    expect(parseKRange("0..3")).toBeUndefined();
    expect(parseKRange("ten")).toBeUndefined();
    const many = candidateKs(2, 200, 40);
    expect(many.length).toBeLessThanOrEqual(41);
    expect(many[0]).toBe(2);
    expect(many.at(-1)).toBe(200);
    expect(defaultKRange(240)).toEqual([2, 48]);
    expect(defaultKRange(240, 10)).toEqual([2, 24]);
    expect(defaultKRange(100_000)).toEqual([2, 200]);
  });
});

describe("recurring sentences", () => {
  it("drops a follow-up shared across many conversations, keeps topic sentences", () => {
    const texts = Array.from({ length: 40 }, (_, index) =>
      index % 3 === 0
        ? `Fix the bug number ${index} in my parser. Can you make it a shorter checklist?`
        : `Plan a trip to city ${index}.`,
    );
    const recurring = findRecurringSentences(texts);
    expect([...recurring]).toEqual(["can you make it a shorter checklist"]);
    expect(withoutRecurring(texts[0] as string, recurring)).toBe(
      "Fix the bug number 0 in my parser.",
    );
    expect(withoutRecurring("Can you make it a shorter checklist!", recurring)).toBe(
      "Can you make it a shorter checklist!",
    );
  });
});

describe("centerByLanguage", () => {
  it("leaves a one-language corpus alone even when a few rows are misdetected", () => {
    const matrix = blobs([20, 20], 7);
    const before = matrix.data.slice();
    const languages = Array.from({ length: 40 }, (_, index) => (index % 8 === 0 ? "mg" : "en"));
    const result = centerByLanguage(
      matrix,
      languages,
      languages.map(() => 0.9),
    );
    expect(result.applied).toBe(false);
    const after = matrix.data;
    let change = 0;
    const length = (data: Float32Array, row: number) =>
      Math.hypot(...data.subarray(row * 32, row * 32 + 32));
    for (let index = 0; index < before.length; index++) {
      change = Math.max(
        change,
        Math.abs(
          (before[index] as number) / length(before, Math.floor(index / 32)) -
            (after[index] as number),
        ),
      );
    }
    expect(change).toBeLessThan(1e-6);
  });

  it("centres languages with enough confident members, others on the overall mean", () => {
    const matrix = blobs([20, 20, 3], 9);
    const languages = [...Array(20).fill("en"), ...Array(20).fill("fr"), "de", "de", "und"];
    const confidences = languages.map((_, index) => (index === 5 ? 0.1 : 0.9));
    const result = centerByLanguage(matrix, languages, confidences);
    expect(result.applied).toBe(true);
    expect(result.groups).toEqual({ en: 19, fr: 20 });
    expect(result.others).toBe(4);
  });
});
