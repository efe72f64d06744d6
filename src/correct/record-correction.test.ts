import { describe, expect, it } from "vitest";
import type { CorrectionSummary } from "./correct-episodes.js";
import { correctionExitCode, correctionTally } from "./record-correction.js";

function summary(counts: Partial<CorrectionSummary>): CorrectionSummary {
  return {
    processed: 0,
    skipped: 0,
    failed: 0,
    segments: 0,
    uncorrected_segments: 0,
    corrected_steps: 0,
    judge: { name: "offline:smoothing/v1", offline: true },
    warnings: [],
    episodes: [],
    requests: [],
    ...counts,
  };
}

describe("correctionExitCode", () => {
  it("is 65 when no episode could be read", () => {
    expect(correctionExitCode(summary({}), 0)).toBe(65);
  });
  it("is 1 when every episode read failed, or every segment's answer was refused", () => {
    expect(correctionExitCode(summary({ failed: 3 }), 3)).toBe(1);
    expect(
      correctionExitCode(summary({ processed: 2, segments: 2, uncorrected_segments: 2 }), 2),
    ).toBe(1);
  });
  it("is 0 when something was corrected, or everything was corrected before", () => {
    expect(correctionExitCode(summary({ processed: 1, failed: 2, segments: 1 }), 3)).toBe(0);
    expect(
      correctionExitCode(summary({ processed: 2, segments: 2, uncorrected_segments: 1 }), 2),
    ).toBe(0);
    expect(correctionExitCode(summary({ skipped: 4 }), 4)).toBe(0);
  });
});

describe("correctionTally", () => {
  it("puts every episode in one bucket", () => {
    expect(correctionTally(summary({ processed: 2, skipped: 1, failed: 1 }), 3)).toEqual({
      in: 7,
      written: 2,
      quarantined: 1,
      skipped: { left_out: 3, already_corrected: 1 },
    });
  });
});
