import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildSelectExpression, selectionThresholds, takeThresholds } from "./frame-selection.js";

/** Evaluates the ffmpeg expression with ffmpeg's semantics for the functions it uses. */
function evaluator(expression: string): (t: number, prevT: number) => boolean {
  const js = expression.replaceAll("if(", "when(").replaceAll("prev_t", "prevT");
  const fn = new Function(
    "t",
    "prevT",
    `const lte = (a, b) => (a <= b ? 1 : 0); const when = (c, a, b) => (c ? a : b); return ${js};`,
  ) as (t: number, prevT: number) => number;
  return (t, prevT) => fn(t, prevT) !== 0;
}

describe("frame selection", () => {
  it("selects exactly the first frame at or after each request, like ffmpeg -ss", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.double({ min: 0, max: 25, noNaN: true }), { maxLength: 40 }),
        (frameMs, requestTimes) => {
          const frames = frameMs.sort((a, b) => a - b).map((ms) => ms / 100);
          const thresholds = selectionThresholds(requestTimes);
          const keep = evaluator(buildSelectExpression(thresholds));
          const selected = frames.filter((t, i) =>
            keep(t, i === 0 ? Number.NaN : (frames[i - 1] as number)),
          );
          const expected = [
            ...new Set(
              thresholds
                .map((threshold) => frames.find((t) => t >= threshold))
                .filter((t) => t !== undefined),
            ),
          ].sort((a, b) => a - b);
          expect(selected).toEqual(expected);
          // Node's streaming assignment hands every reachable threshold to exactly one frame.
          let next = 0;
          for (const t of selected) {
            const count = takeThresholds(thresholds, next, t);
            expect(count).toBeGreaterThan(0);
            next += count;
          }
          expect(
            thresholds.slice(next).every((threshold) => threshold > (frames.at(-1) as number)),
          ).toBe(true);
        },
      ),
    );
  });

  it("keeps the expression logarithmic in depth", () => {
    const thresholds = Array.from({ length: 1000 }, (_, i) => i * 0.7);
    const expression = buildSelectExpression(thresholds);
    let depth = 0;
    let max = 0;
    for (const char of expression) {
      if (char === "(") max = Math.max(max, ++depth);
      if (char === ")") depth--;
    }
    expect(max).toBeLessThan(40);
    expect(buildSelectExpression([])).toBe("0");
  });
});
