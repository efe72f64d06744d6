import { describe, expect, it } from "vitest";
import { desktopTrace, startedAtMs, webTrace } from "./__fixtures__/screen-traces.js";
import { resultsSchema } from "./results-schema.js";
import { traceToResults } from "./trace-to-results.js";

describe("traceToResults", () => {
  it("has one schema-valid event per step, in order, with epoch timestamps", () => {
    const trace = desktopTrace();
    const results = resultsSchema.parse(traceToResults(trace));
    expect(results.map((e) => e.index)).toEqual(trace.steps.map((s) => s.index));
    expect(results.map((e) => e.timestamp)).toEqual(
      trace.steps.map((s) => startedAtMs + s.t * 1000),
    );
    expect(results.map((e) => e.type)).toEqual([
      "focus",
      "click",
      "double_click",
      "drag",
      "type",
      "key",
      "observation",
      "scroll",
      "click",
    ]);
  });

  it("keeps physical pixels and adds logical points (physical / scale)", () => {
    const results = traceToResults(desktopTrace());
    expect(results[1]).toMatchObject({
      x: 1440,
      y: 900,
      button: "left",
      logical: { x: 720, y: 450 },
    });
    expect(results[2]?.logical).toEqual({ x: 100.5, y: 49.5 });
    expect(results[3]).toMatchObject({
      path: [
        [100, 100],
        [500, 300],
        [1000, 601],
      ],
      logical: {
        x: 50,
        y: 50,
        path: [
          [50, 50],
          [250, 150],
          [500, 300.5],
        ],
      },
    });
    expect(results[7]).toMatchObject({ dx: 0, dy: 3, logical: { x: 720, y: 450 } });
    expect(results[4]?.logical).toBeUndefined();
    expect(results[0]).toMatchObject({
      app: "Docker Desktop",
      title: "Settings",
      actor: "environment",
    });
  });

  it("carries frames, origins, messages and signals", () => {
    const desktop = traceToResults(desktopTrace());
    expect(desktop[1]?.frame).toEqual({ path: "frames/step-0001.jpg", width: 1280, height: 800 });
    expect(desktop[5]?.frame).toBeUndefined();
    expect(desktop[6]).toMatchObject({
      kind: "observation",
      frame: { path: "frames/idle-0006.0.jpg" },
    });
    expect(desktop[8]?.origin).toEqual({ file: "input_log.jsonl", line: 9 });
    const web = resultsSchema.parse(traceToResults(webTrace()));
    expect(web[0]).toMatchObject({
      type: "message",
      actor: "user",
      text: "Open the Activities overview",
    });
    expect(web[4]).toMatchObject({ type: "observation", signal: { name: "reward", value: 0.5 } });
    expect(web[6]?.logical).toBeUndefined(); // a scroll without a position
  });

  it("rejects an event the schema does not allow", () => {
    const [first] = traceToResults(webTrace());
    expect(resultsSchema.safeParse([{ ...first, timestamp: 1.5 }]).success).toBe(false);
    expect(resultsSchema.safeParse([{ ...first, type: "" }]).success).toBe(false);
  });
});
