import type { Step } from "../../core/trace.js";
import type { SourceWarning } from "../types.js";
import { ActionSink, type ResolvedOptions } from "./action-sink.js";
import { KeyboardActions } from "./keyboard-actions.js";
import { PointerActions } from "./pointer-actions.js";
import type { BuildInputActionsOptions, InputEvent } from "./types.js";

export interface BuildInputActionsResult {
  steps: Step[];
  warnings: SourceWarning[];
}

export const defaultInputActionsOptions: ResolvedOptions = {
  scale: 1,
  clickMaxDistance: 5,
  clickMaxMs: 500,
  doubleClickMaxDistance: 5,
  doubleClickMaxMs: 500,
  typingGapMs: 1000,
  scrollGapMs: 500,
  dragPoints: 8,
};

/**
 * Low-level input events → Trace steps (click, double_click, drag, scroll, type, key, focus),
 * the one place every recorder's events become actions. Pure: no I/O, never throws for odd
 * input (a release without a press, a key up without a down, a press never released are
 * warnings). Steps come back in time order with `index` from 0; coordinates are multiplied by
 * `scale` and rounded, so actions are physical pixels.
 */
export function buildInputActions(
  events: readonly InputEvent[],
  options: BuildInputActionsOptions = {},
): BuildInputActionsResult {
  const settings = resolveOptions(options);
  const warnings: SourceWarning[] = [];
  const sink = new ActionSink(settings);
  const pointer = new PointerActions(sink, settings, warnings);
  const keyboard = new KeyboardActions(sink, warnings);

  for (const event of inTimeOrder(events)) {
    if (!isUsable(event)) {
      warnings.push(
        withOrigin(
          "invalid_event",
          `${event.type} event with a non-finite time or coordinate`,
          event,
        ),
      );
      continue;
    }
    switch (event.type) {
      case "move":
        pointer.move(event.x, event.y);
        break;
      case "button":
        pointer.button(event);
        break;
      case "wheel": {
        if (event.x !== undefined && event.y !== undefined) pointer.move(event.x, event.y);
        sink.wheel(event.t, event.dx, event.dy, pointer.position, event.origin);
        break;
      }
      case "key":
        keyboard.key(event);
        break;
      case "elements":
        sink.setElements(event.elements);
        break;
      case "focus": {
        if (event.app.length === 0) {
          warnings.push(
            withOrigin("focus_without_app", "focus event without an application name", event),
          );
          break;
        }
        const action =
          event.title === undefined || event.title.length === 0
            ? { type: "focus" as const, app: event.app }
            : { type: "focus" as const, app: event.app, title: event.title };
        keyboard.releaseModifiers(event.origin);
        sink.observation(event.t, action, event.origin);
        break;
      }
    }
  }
  pointer.end();
  keyboard.end();
  sink.finish();

  // Clicks are emitted at their release and type/scroll groups when they close, so the order of
  // emission is not the order of `t`; a stable sort keeps same-time steps in emission order.
  const ordered = sink.steps
    .map((step, position) => ({ step, position }))
    .sort((a, b) => a.step.t - b.step.t || a.position - b.position);
  const steps: Step[] = ordered.map(({ step }, index) => ({ index, ...step }));
  return { steps, warnings };
}

function resolveOptions(options: BuildInputActionsOptions): ResolvedOptions {
  const resolved = { ...defaultInputActionsOptions };
  for (const key of Object.keys(resolved) as (keyof ResolvedOptions)[]) {
    const value = options[key];
    if (value !== undefined && Number.isFinite(value) && value >= 0) resolved[key] = value;
  }
  if (resolved.scale <= 0) resolved.scale = 1;
  return resolved;
}

/** Recorders mostly write in time order; sort (stably) only when they did not. */
function inTimeOrder(events: readonly InputEvent[]): readonly InputEvent[] {
  for (let index = 1; index < events.length; index++) {
    if ((events[index] as InputEvent).t < (events[index - 1] as InputEvent).t) {
      return events
        .map((event, position) => ({ event, position }))
        .sort((a, b) => a.event.t - b.event.t || a.position - b.position)
        .map(({ event }) => event);
    }
  }
  return events;
}

function isUsable(event: InputEvent): boolean {
  if (!Number.isFinite(event.t)) return false;
  switch (event.type) {
    case "move":
      return Number.isFinite(event.x) && Number.isFinite(event.y);
    case "button":
      return finiteOrAbsent(event.x) && finiteOrAbsent(event.y);
    case "wheel":
      return (
        Number.isFinite(event.dx) &&
        Number.isFinite(event.dy) &&
        finiteOrAbsent(event.x) &&
        finiteOrAbsent(event.y)
      );
    default:
      return true;
  }
}

function finiteOrAbsent(value: number | undefined): boolean {
  return value === undefined || Number.isFinite(value);
}

function withOrigin(code: string, message: string, event: InputEvent): SourceWarning {
  const warning: SourceWarning = { code, message, file: event.origin.file };
  if (event.origin.line !== undefined) warning.line = event.origin.line;
  if (event.origin.offset !== undefined) warning.offset = event.origin.offset;
  return warning;
}

/**
 * Flags actions whose point (any point of a drag) lies outside the recorded display, in the
 * steps' own pixels: a click on a second monitor is kept, but no frame marker or crop is drawn.
 */
export function flagOutsideRecording(
  steps: Step[],
  screen: { width: number; height: number } | undefined,
): number {
  if (screen === undefined) return 0;
  const outside = ([x, y]: readonly [number, number]) =>
    x < 0 || y < 0 || x >= screen.width || y >= screen.height;
  let count = 0;
  for (const step of steps) {
    const action = step.action;
    if (action === undefined) continue;
    let points: (readonly [number, number])[] = [];
    if (action.type === "drag") points = action.path;
    else if (
      (action.type === "click" ||
        action.type === "double_click" ||
        action.type === "move" ||
        action.type === "scroll") &&
      action.x !== undefined &&
      action.y !== undefined
    )
      points = [[action.x, action.y]];
    if (points.some(outside)) {
      step.outsideRecording = true;
      count++;
    }
  }
  return count;
}
