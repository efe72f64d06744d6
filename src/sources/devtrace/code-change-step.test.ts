import { describe, expect, it } from "vitest";
import { traceSchema } from "../../core/trace.js";
import { devtraceToSft } from "../../format/devtrace-to-sft.js";
import { devtraceStepOf } from "./event-steps.js";
import { describeEvent } from "./event-text.js";
import type { DevtraceEvent } from "./events.js";
import { devtraceStepEvents, stepEventOf } from "./step-events.js";

const change: DevtraceEvent = {
  id: "e1",
  seq: 3,
  ts_client_s: 1_765_000_010,
  type: "code_change",
  files_changed: ["src/a.py", "src/b.py"],
  description: "rename the helper",
  lines_added: 4,
  lines_removed: 2,
};

describe("a code_change event as a step", () => {
  it("reads back from its step as the same event (the judge's prompt line is unchanged)", () => {
    const step = devtraceStepOf(change, 0, 1_765_000_000, { file: "chunk:c1" });
    expect(step.action).toMatchObject({ type: "edit", files: ["src/a.py", "src/b.py"] });
    const back = stepEventOf(step);
    expect(back).toMatchObject({
      type: "code_change",
      seq: 3,
      files_changed: ["src/a.py", "src/b.py"],
      description: "rename the helper",
      lines_added: 4,
      lines_removed: 2,
    });
    expect(describeEvent(back as NonNullable<typeof back>)).toBe(describeEvent(change));
  });

  it("is a valid Trace step and reaches the SFT from the steps alone", () => {
    const step = devtraceStepOf(change, 0, 1_765_000_000, { file: "chunk:c1" });
    const trace = traceSchema.parse({
      schema: "tracemill.trace/v1",
      id: "t1",
      kind: "devtrace",
      source: { format: "devtrace", files: [] },
      steps: [step],
      media: [],
      meta: {},
      task: { title: "Fix it" },
    });
    expect(devtraceStepEvents(trace).map((event) => event.type)).toEqual(["code_change"]);
    expect(devtraceToSft(trace).map((message) => message.content)).toEqual([
      "Fix it",
      "Changed src/a.py, src/b.py",
    ]);
  });
});
