import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { categorize, judgeSpread } from "./categorize.js";
import { type CategoryThresholds, defaultExportOptions } from "./types.js";

const thresholds: CategoryThresholds = {
  acceptScore: 70,
  partialScore: 40,
  minConfidence: 0.5,
  maxJudgeSpread: 20,
};

describe("categorize", () => {
  it.each([
    ["high score", { score: 90, confidence: 0.9 }, undefined, "accepted"],
    ["exactly accept", { score: 70 }, undefined, "accepted"],
    ["just under accept", { score: 69 }, undefined, "partially_accepted"],
    ["exactly partial", { score: 40 }, undefined, "partially_accepted"],
    ["low score", { score: 39, confidence: 1 }, undefined, "rejected"],
    ["low confidence", { score: 95, confidence: 0.49 }, undefined, "needs_human_review"],
    ["confidence at threshold", { score: 95, confidence: 0.5 }, undefined, "accepted"],
    ["judges disagree", { score: 90, otherScores: [60] }, undefined, "needs_human_review"],
    ["judges agree", { score: 90, otherScores: [80, 75] }, undefined, "accepted"],
    ["spread at limit", { score: 60, otherScores: [80] }, undefined, "partially_accepted"],
    [
      "other judges disagree",
      { score: 50, otherScores: [40, 61] },
      undefined,
      "needs_human_review",
    ],
    ["verification failed", { score: 90 }, { required: true, passed: false }, "needs_human_review"],
    ["verification missing", { score: 90 }, { required: true }, "needs_human_review"],
    ["verification passed", { score: 90 }, { required: true, passed: true }, "accepted"],
    ["verification optional", { score: 90 }, { required: false, passed: false }, "accepted"],
    ["rejected but unverified", { score: 10 }, { required: true }, "needs_human_review"],
    ["score not a number", { score: Number.NaN }, undefined, "needs_human_review"],
  ] as const)("%s", (_name, grade, verification, expected) => {
    expect(categorize({ ...grade }, verification, thresholds)).toBe(expected);
  });

  it("uses the default thresholds from the export options", () => {
    expect(
      categorize({ score: 70, confidence: 0.3 }, undefined, defaultExportOptions.thresholds),
    ).toBe("accepted");
    expect(
      categorize({ score: 70, confidence: 0.1 }, undefined, defaultExportOptions.thresholds),
    ).toBe("needs_human_review");
  });

  it("computes the spread over every judge", () => {
    expect(judgeSpread({ score: 50 })).toBe(0);
    expect(judgeSpread({ score: 50, otherScores: [70, 20] })).toBe(50);
  });
});

const gradeArbitrary = fc.record(
  {
    score: fc.integer({ min: 0, max: 100 }),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    otherScores: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 3 }),
  },
  { requiredKeys: ["score"] },
);
const verificationArbitrary = fc.option(
  fc.record({ required: fc.boolean(), passed: fc.option(fc.boolean(), { nil: undefined }) }),
  { nil: undefined },
);
const thresholdsArbitrary = fc
  .record({
    acceptScore: fc.integer({ min: 0, max: 100 }),
    gap: fc.integer({ min: 0, max: 100 }),
    minConfidence: fc.double({ min: 0, max: 1, noNaN: true }),
    maxJudgeSpread: fc.integer({ min: 0, max: 100 }),
  })
  .map(({ acceptScore, gap, ...rest }) => ({
    acceptScore,
    partialScore: Math.max(0, acceptScore - gap),
    ...rest,
  }));

describe("categorize properties", () => {
  it("never accepts a record with low confidence, disagreeing judges or a failed required verification", () => {
    fc.assert(
      fc.property(
        gradeArbitrary,
        verificationArbitrary,
        thresholdsArbitrary,
        (grade, verification, limits) => {
          const category = categorize(grade, verification, limits);
          const doubtful =
            (grade.confidence !== undefined && grade.confidence < limits.minConfidence) ||
            judgeSpread(grade) > limits.maxJudgeSpread ||
            (verification?.required === true && verification.passed !== true);
          expect(category === "needs_human_review").toBe(doubtful);
          if (!doubtful) {
            const expected =
              grade.score >= limits.acceptScore
                ? "accepted"
                : grade.score >= limits.partialScore
                  ? "partially_accepted"
                  : "rejected";
            expect(category).toBe(expected);
          }
        },
      ),
    );
  });

  it("is monotone in the score once doubt is ruled out", () => {
    const rank = { rejected: 0, partially_accepted: 1, accepted: 2, needs_human_review: -1 };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        thresholdsArbitrary,
        (first, second, limits) => {
          const [low, high] = first <= second ? [first, second] : [second, first];
          const lowCategory = categorize({ score: low }, undefined, limits);
          const highCategory = categorize({ score: high }, undefined, limits);
          expect(rank[highCategory]).toBeGreaterThanOrEqual(rank[lowCategory]);
        },
      ),
    );
  });
});
