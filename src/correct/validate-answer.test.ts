import { describe, expect, it } from "vitest";
import { validateAnswer } from "./validate-answer.js";

const limits = {
  segment: { start: 5, end: 7, contextStart: 2 },
  dimension: 2,
  bounds: [-1, 1] as [number, number],
};
const corrections = (entries: [number, number[]][]) => ({
  corrections: entries.map(([index, action]) => ({ index, action })),
});

describe("validateAnswer", () => {
  it("accepts a complete correct answer", () => {
    const check = validateAnswer(
      "correct",
      corrections([
        [5, [0, 0]],
        [6, [0.5, -1]],
        [7, [1, 1]],
      ]),
      limits,
    );
    expect(check.ok).toBe(true);
  });

  it.each([
    [
      "an index outside the segment",
      corrections([
        [5, [0, 0]],
        [6, [0, 0]],
        [7, [0, 0]],
        [8, [0, 0]],
      ]),
      "indices 8 are outside the segment 5–7",
    ],
    [
      "a context index",
      corrections([
        [4, [0, 0]],
        [5, [0, 0]],
        [6, [0, 0]],
        [7, [0, 0]],
      ]),
      "indices 4 are outside",
    ],
    [
      "a missing index",
      corrections([
        [5, [0, 0]],
        [7, [0, 0]],
      ]),
      "indices 6 are missing",
    ],
    [
      "a repeated index",
      corrections([
        [5, [0, 0]],
        [6, [0, 0]],
        [6, [0, 0]],
        [7, [0, 0]],
      ]),
      "indices 6 are answered more than once",
    ],
    [
      "a wrong dimension",
      corrections([
        [5, [0, 0]],
        [6, [0]],
        [7, [0, 0]],
      ]),
      "index 6: action has 1 values, the episode's actions have 2",
    ],
    [
      "a value out of bounds",
      corrections([
        [5, [0, 0]],
        [6, [0, 1.2]],
        [7, [0, 0]],
      ]),
      "index 6: value 1.2 is outside the action bounds [-1, 1]",
    ],
    [
      "a schema mismatch",
      { corrections: [{ index: 5 }] },
      "answer does not match the schema at corrections.0.action",
    ],
  ])("rejects a correct answer with %s", (_, value, problem) => {
    const check = validateAnswer("correct", value, limits);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem).toContain(problem);
  });

  it("checks weight answers: coverage and the [-1, 1] range", () => {
    const weights = (items: [number, number][]) => ({
      weights: items.map(([index, weight]) => ({ index, weight })),
    });
    expect(
      validateAnswer(
        "weight",
        weights([
          [5, 1],
          [6, -0.5],
          [7, 0],
        ]),
        limits,
      ).ok,
    ).toBe(true);
    expect(
      validateAnswer(
        "weight",
        weights([
          [5, 1],
          [6, 1],
        ]),
        limits,
      ),
    ).toEqual({
      ok: false,
      problem: "indices 7 are missing; answer every step from 5 to 7 exactly once",
    });
    expect(
      validateAnswer(
        "weight",
        weights([
          [5, 1],
          [6, 1.5],
          [7, 1],
        ]),
        limits,
      ).ok,
    ).toBe(false);
    expect(
      validateAnswer(
        "weight",
        weights([
          [5, 1],
          [6, 1],
          [7, 1],
          [9, 1],
        ]),
        limits,
      ).ok,
    ).toBe(false);
  });

  it("checks filter answers", () => {
    const include = (items: [number, boolean][]) => ({
      include: items.map(([index, flag]) => ({ index, include: flag })),
    });
    expect(
      validateAnswer(
        "filter",
        include([
          [5, true],
          [6, false],
          [7, true],
        ]),
        limits,
      ).ok,
    ).toBe(true);
    expect(
      validateAnswer(
        "filter",
        include([
          [5, true],
          [6, false],
        ]),
        limits,
      ).ok,
    ).toBe(false);
    expect(
      validateAnswer(
        "filter",
        include([
          [5, true],
          [6, false],
          [7, true],
          [7, false],
        ]),
        limits,
      ).ok,
    ).toBe(false);
  });

  it("checks reject answers: a known direction, and acceleration only when the actions have it", () => {
    expect(validateAnswer("reject", { direction: "left", reason: "over-steer" }, limits).ok).toBe(
      true,
    );
    expect(validateAnswer("reject", { direction: "up", reason: "?" }, limits).ok).toBe(false);
    const oneDimension = { ...limits, dimension: 1 };
    expect(
      validateAnswer("reject", { direction: "decelerate", reason: "" }, oneDimension),
    ).toMatchObject({
      ok: false,
      problem: expect.stringContaining("needs an acceleration"),
    });
  });
});
