import { describe, expect, it } from "vitest";
import { computeScore, rubricSchema } from "./grade.js";
import { traceSchema } from "./trace.js";

const screenRubric = rubricSchema.parse({
  id: "screen-session",
  version: "1",
  dimensions: [
    { key: "outcomeAchievement", weight: 50, min: 0, max: 100 },
    { key: "processQuality", weight: 30, min: 0, max: 100 },
    { key: "efficiency", weight: 20, min: 0, max: 100 },
  ],
});

describe("computeScore", () => {
  it("is the weighted mean of the components, rounded once", () => {
    expect(
      computeScore(screenRubric, { outcomeAchievement: 80, processQuality: 65, efficiency: 41 }),
    ).toBe(Math.round(0.5 * 80 + 0.3 * 65 + 0.2 * 41));
  });

  it("normalises dimensions with other ranges and clamps out-of-range values", () => {
    const rubric = rubricSchema.parse({
      id: "devtrace",
      version: "1",
      dimensions: [
        { key: "understanding", weight: 1, min: 0, max: 5 },
        { key: "safety", weight: 1, min: 0, max: 5 },
      ],
    });
    expect(computeScore(rubric, { understanding: 5, safety: 2.5 })).toBe(75);
    expect(computeScore(rubric, { understanding: 9, safety: -3 })).toBe(50);
  });

  it("rejects a rubric with no positive weight", () => {
    const result = rubricSchema.safeParse({
      id: "x",
      version: "1",
      dimensions: [{ key: "a", weight: 0, min: 0, max: 1 }],
    });
    expect(result.success).toBe(false);
  });
});

describe("traceSchema", () => {
  it("accepts a minimal trace and rejects an unknown action type", () => {
    const trace = {
      schema: "tracemill.trace/v1",
      id: "trace_1",
      kind: "screen",
      source: { format: "desktop", files: [] },
      steps: [
        {
          index: 0,
          t: 0,
          actor: "human",
          kind: "action",
          action: { type: "click", x: 1, y: 2, button: "left" },
          origin: { file: "input_log.jsonl", line: 3 },
        },
      ],
      media: [],
      meta: {},
    };
    expect(traceSchema.safeParse(trace).success).toBe(true);
    const bad = structuredClone(trace);
    (bad.steps[0] as { action: unknown }).action = { type: "teleport", x: 1 };
    expect(traceSchema.safeParse(bad).success).toBe(false);
  });
});
