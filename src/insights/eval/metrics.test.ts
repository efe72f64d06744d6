import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maximumWeightAssignment } from "./hungarian.js";
import { clusteringMetrics, perTopicMetrics } from "./metrics.js";

describe("clusteringMetrics against hand-computed values", () => {
  it("scores identical partitions 1 everywhere", () => {
    const truth = ["a", "a", "b", "b", "c"];
    expect(clusteringMetrics(truth, [1, 1, 0, 0, 2])).toMatchObject({
      accuracy: 1,
      ari: 1,
      nmi: 1,
      purity: 1,
      n: 5,
      clusters: 3,
      classes: 3,
      matching: { a: "1", b: "0", c: "2" },
    });
  });

  it("matches the textbook split example: [0,0,1,1] vs [0,0,1,2]", () => {
    // ARI = 4/7 (sklearn's documented example); NMI = 2 ln2 / (ln2 + 1.5 ln2) = 0.8;
    // accuracy: a→0 (2) + b→1 (1) = 3/4; every cluster is pure.
    const metrics = clusteringMetrics(["a", "a", "b", "b"], [0, 0, 1, 2]);
    expect(metrics.ari).toBeCloseTo(4 / 7, 6);
    expect(metrics.nmi).toBeCloseTo(0.8, 6);
    expect(metrics.accuracy).toBe(0.75);
    expect(metrics.purity).toBe(1);
    expect(metrics.nmi_normalisation).toBe("arithmetic");
  });

  it("gives a negative ARI and zero NMI for an anti-correlated split", () => {
    const metrics = clusteringMetrics(["a", "a", "b", "b"], [0, 1, 0, 1]);
    expect(metrics.ari).toBeCloseTo(-0.5, 6);
    expect(metrics.nmi).toBeCloseTo(0, 6);
    expect(metrics.accuracy).toBe(0.5);
    expect(metrics.purity).toBe(0.5);
  });

  it("maps surplus clusters to nothing and leaves an unmatched topic null", () => {
    // one big cluster holding both topics: only one topic can be matched
    const metrics = clusteringMetrics(["a", "a", "a", "b", "b"], ["x", "x", "x", "x", "x"]);
    expect(metrics.accuracy).toBe(0.6);
    expect(metrics.matching).toEqual({ a: "x", b: null });
    expect(metrics.ari).toBe(0);
    expect(metrics.purity).toBe(0.6);
  });

  it("refuses label lists of different lengths", () => {
    expect(() => clusteringMetrics(["a"], [1, 2])).toThrow(/1 truth labels but 2 predictions/);
  });
});

describe("perTopicMetrics", () => {
  it("reports recall and precision of each topic's matched cluster", () => {
    const rows = perTopicMetrics(["a", "a", "a", "b", "b"], [0, 0, 1, 1, 1]);
    expect(rows).toEqual([
      {
        topic: "a",
        count: 3,
        matched_cluster: "0",
        recall: 0.666667,
        precision: 1,
        plurality_cluster: "0",
        plurality_share: 0.666667,
      },
      {
        topic: "b",
        count: 2,
        matched_cluster: "1",
        recall: 1,
        precision: 0.666667,
        plurality_cluster: "1",
        plurality_share: 1,
      },
    ]);
  });
});

const labelsArbitrary = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 5 })), {
    minLength: 2,
    maxLength: 60,
  })
  .map((pairs) => ({
    truth: pairs.map(([truth]) => `t${truth}`),
    predicted: pairs.map(([, predicted]) => predicted),
  }));

describe("clusteringMetrics properties", () => {
  it("is invariant to renaming clusters", () => {
    fc.assert(
      fc.property(
        labelsArbitrary,
        fc.integer({ min: 1, max: 1000 }),
        ({ truth, predicted }, offset) => {
          const renamed = predicted.map((label) => `cluster-${(label * 7 + offset) % 1009}`);
          const a = clusteringMetrics(truth, predicted);
          const b = clusteringMetrics(truth, renamed);
          expect(b.accuracy).toBeCloseTo(a.accuracy, 9);
          expect(b.ari).toBeCloseTo(a.ari, 9);
          expect(b.nmi).toBeCloseTo(a.nmi, 9);
          expect(b.purity).toBeCloseTo(a.purity, 9);
        },
      ),
    );
  });

  it("keeps every score in range, accuracy ≤ purity, and ARI symmetric", () => {
    fc.assert(
      fc.property(labelsArbitrary, ({ truth, predicted }) => {
        const metrics = clusteringMetrics(truth, predicted);
        expect(metrics.accuracy).toBeGreaterThanOrEqual(0);
        expect(metrics.accuracy).toBeLessThanOrEqual(metrics.purity + 1e-9);
        expect(metrics.purity).toBeLessThanOrEqual(1);
        expect(metrics.nmi).toBeGreaterThanOrEqual(0);
        expect(metrics.nmi).toBeLessThanOrEqual(1);
        expect(metrics.ari).toBeLessThanOrEqual(1 + 1e-9);
        const swapped = clusteringMetrics(predicted.map(String), truth);
        expect(swapped.ari).toBeCloseTo(metrics.ari, 6);
        expect(swapped.nmi).toBeCloseTo(metrics.nmi, 6);
      }),
    );
  });

  it("scores any partition against itself as 1", () => {
    fc.assert(
      fc.property(labelsArbitrary, ({ truth }) => {
        const metrics = clusteringMetrics(truth, truth);
        expect([metrics.accuracy, metrics.ari, metrics.nmi, metrics.purity]).toEqual([1, 1, 1, 1]);
      }),
    );
  });
});

describe("maximumWeightAssignment", () => {
  const bruteForce = (weights: number[][]): number => {
    const rows = weights.length;
    const columns = weights[0]?.length ?? 0;
    let best = 0;
    const walk = (row: number, used: Set<number>, total: number) => {
      if (row === rows) {
        best = Math.max(best, total);
        return;
      }
      walk(row + 1, used, total); // row left unmatched
      for (let column = 0; column < columns; column += 1) {
        if (used.has(column)) continue;
        used.add(column);
        walk(row + 1, used, total + (weights[row]?.[column] ?? 0));
        used.delete(column);
      }
    };
    walk(0, new Set(), 0);
    return best;
  };

  it("finds the best total on a known matrix", () => {
    const result = maximumWeightAssignment([
      [7, 5, 11],
      [5, 4, 1],
      [9, 3, 2],
    ]);
    expect(result.total).toBe(24); // 11 + 4 + 9
    expect(result.rowToColumn).toEqual([2, 1, 0]);
  });

  it("equals brute force on random rectangular matrices", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 25, maxLength: 25 }),
        (rows, columns, values) => {
          const weights = Array.from({ length: rows }, (_, r) =>
            Array.from({ length: columns }, (_, c) => values[r * 5 + c] ?? 0),
          );
          expect(maximumWeightAssignment(weights).total).toBe(bruteForce(weights));
        },
      ),
    );
  });
});
