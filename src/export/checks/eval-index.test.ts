import { describe, expect, it } from "vitest";
import { createEvalIndex } from "./eval-index.js";

const evalText = "Write a function that returns the sum of two integers without using plus";

describe("createEvalIndex", () => {
  it("counts overlapping n-grams after normalisation", () => {
    const index = createEvalIndex([evalText], 5);
    expect(index.ngram).toBe(5);
    expect(index.size).toBe(9);
    // The whole eval text, shouted and punctuated, shares all 9 five-grams.
    expect(index.contaminated(`QUESTION: ${evalText.toUpperCase()}!!!`)).toBe(9);
    expect(index.contaminated("write a function that returns the product of two numbers")).toBe(2);
  });

  it("returns 0 for clean text, short text and an empty index", () => {
    const index = createEvalIndex([evalText], 5);
    expect(index.contaminated("a completely different sentence about cats and dogs")).toBe(0);
    expect(index.contaminated("write a function")).toBe(0);
    expect(createEvalIndex([], 13).contaminated(evalText)).toBe(0);
  });

  it("refuses a non-positive n-gram size", () => {
    expect(() => createEvalIndex([evalText], 0)).toThrow(RangeError);
  });
});
