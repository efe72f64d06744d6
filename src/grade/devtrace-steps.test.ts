import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Trace } from "../core/trace.js";
import { devtraceToSft } from "../format/devtrace-to-sft.js";
import { devtraceSft } from "../pipelines/devtrace/export-devtraces.js";
import { devtraceChunkReader } from "../sources/devtrace/devtrace-chunk-reader.js";
import { describeEvent } from "../sources/devtrace/event-text.js";
import { devtraceEventsOf } from "../sources/devtrace/final-patch.js";
import { devtraceStepEvents } from "../sources/devtrace/step-events.js";
import { buildDevtraceJudgeMessages } from "./devtrace-judge-prompt.js";
import { devtraceDefaultWeights } from "./devtrace-judge-types.js";
import { measureDevtrace } from "./devtrace-signals.js";

const examples = ["one-line-fix", "multi-file-fix", "failed-attempt", "sample-calculator"];
const folder = (name: string) =>
  fileURLToPath(new URL(`../../examples/devtrace/${name}`, import.meta.url));

async function exampleTrace(name: string): Promise<Trace> {
  const { traces } = await devtraceChunkReader.read(folder(name));
  const [trace] = traces;
  if (trace === undefined) throw new Error(`no trace in ${name}`);
  return trace;
}

/** The same trace with the raw wire events taken out of `meta`: only the steps are left. */
function stepsOnly(trace: Trace): Trace {
  const { events: _events, ...meta } = trace.meta;
  return { ...trace, meta };
}

describe.each(examples)("devtrace %s: the judge and the SFT builder read steps", (name) => {
  it("measures the same signals with the raw events gone from meta", async () => {
    const trace = await exampleTrace(name);
    const signals = measureDevtrace(stepsOnly(trace));
    expect(signals.num_events).toBe(trace.steps.length);
    expect(signals.num_events).toBeGreaterThan(0);
    expect(signals).toEqual(measureDevtrace(trace));
  });

  it("builds the SFT messages the event-based builder built, from the steps alone", async () => {
    const trace = await exampleTrace(name);
    expect(devtraceToSft(stepsOnly(trace))).toEqual(devtraceSft(trace));
  });

  it("lists every event in the judge's prompt as the wire event describes it", async () => {
    const trace = await exampleTrace(name);
    const [, user] = buildDevtraceJudgeMessages(stepsOnly(trace), {
      weights: devtraceDefaultWeights,
    });
    const raw = devtraceEventsOf(trace);
    expect(raw.length).toBe(trace.steps.length);
    for (const event of raw) expect(user?.content).toContain(describeEvent(event, 400));
    // Every field the rules read survives the trip through the step.
    expect(devtraceStepEvents(trace).map((event) => describeEvent(event, 1e6))).toEqual(
      raw.map((event) => describeEvent(event, 1e6)),
    );
  });
});
