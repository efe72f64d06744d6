import type { Step, Trace } from "../core/trace.js";
import { actionPoint } from "./image-space.js";
import type { ResultsEvent, ResultsFrame } from "./results-schema.js";
import { epochMs, screenOf } from "./session-facts.js";

/** Logical points keep two decimals: enough for fractional recorder input, no float noise. */
function toLogical(value: number, scale: number): number {
  return Math.round((value / scale) * 100) / 100;
}

function frameOf(step: Step): ResultsFrame | undefined {
  const frame = step.frame;
  if (!frame) return undefined;
  const out: ResultsFrame = { path: frame.path };
  if (frame.width !== undefined) out.width = frame.width;
  if (frame.height !== undefined) out.height = frame.height;
  if (frame.crop) out.crop = frame.crop;
  return out;
}

function typeOf(step: Step): string {
  if (step.action) return step.action.type;
  return step.kind === "message" ? "message" : "observation";
}

/** results.json content: one event per step, in the trace's (time) order. */
export function traceToResults(trace: Trace): ResultsEvent[] {
  const scale = screenOf(trace)?.scale ?? 1;
  return trace.steps.map((step) => {
    const { type: _type, ...actionFields } = step.action ?? { type: "none" };
    const event: ResultsEvent = {
      index: step.index,
      t: step.t,
      timestamp: epochMs(trace, step.t),
      actor: step.actor,
      kind: step.kind,
      type: typeOf(step),
      ...actionFields,
      origin: step.origin,
    };
    if (step.action) {
      const point = actionPoint(step.action);
      if (point) {
        event.logical = { x: toLogical(point[0], scale), y: toLogical(point[1], scale) };
        if (step.action.type === "drag") {
          event.logical.path = step.action.path.map(([x, y]) => [
            toLogical(x, scale),
            toLogical(y, scale),
          ]);
        }
      }
    }
    if (step.text !== undefined) {
      if (event.text === undefined) event.text = step.text;
      else if (event.text !== step.text) event.note = step.text;
    }
    if (step.signal) event.signal = step.signal;
    if (step.target) event.target = step.target;
    if (step.outsideRecording) event.outsideRecording = true;
    const frame = frameOf(step);
    if (frame) event.frame = frame;
    return event;
  });
}
