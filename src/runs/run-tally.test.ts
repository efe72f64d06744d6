import { describe, expect, it } from "vitest";
import { renderTally, tallyCounts, tallyProblem } from "./run-tally.js";

describe("run tally", () => {
  const tally = { in: 5, written: 2, quarantined: 1, skipped: { no_pair: 2, left_out: 0 } };
  it("renders one line with the reasons that occurred", () => {
    expect(renderTally(tally)).toBe("5 in = 2 written + 1 quarantined + 2 skipped (no_pair 2)");
  });
  it("writes flat counts for metrics.json", () => {
    expect(tallyCounts(tally)).toEqual({
      in: 5,
      written: 2,
      quarantined: 1,
      skipped: 2,
      "skipped.no_pair": 2,
    });
  });
  it("names a tally that does not add up", () => {
    expect(tallyProblem(tally)).toBeUndefined();
    expect(tallyProblem({ ...tally, in: 6 })).toBe(
      "6 in, but 2 written + 1 quarantined + 2 skipped = 5",
    );
  });
});
