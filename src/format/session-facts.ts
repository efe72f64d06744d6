import type { MediaRef, Step, Trace } from "../core/trace.js";

/**
 * Facts every screen-session output needs, read the same way everywhere: the epoch time of a
 * step, the session id, the duration and the physical screen. Traces from other readers may
 * lack some of them, so each has a documented fallback instead of a throw.
 */

export interface ScreenSize {
  width: number;
  height: number;
  /** Physical pixels per logical point; 1 when the reader did not say. */
  scale: number;
}

/** Epoch ms of t = 0: `meta.startedAtMs`, else `meta.startedAt` parsed, else 0 (relative times). */
export function traceStartMs(trace: Trace): number {
  const ms = trace.meta.startedAtMs;
  if (typeof ms === "number" && Number.isFinite(ms)) return ms;
  const iso = trace.meta.startedAt;
  if (typeof iso === "string") {
    const parsed = Date.parse(iso);
    if (Number.isFinite(parsed)) return parsed;
  }
  return 0;
}

/** Whole epoch milliseconds of a time `t` (seconds from t = 0). */
export function epochMs(trace: Trace, t: number): number {
  return Math.round(traceStartMs(trace) + t * 1000);
}

export function sessionIdOf(trace: Trace): string {
  const id = trace.meta.sessionId;
  return typeof id === "string" && id.length > 0 ? id : trace.id;
}

/** `meta.durationS` when the reader knew it, else the time of the last step. */
export function traceDurationS(trace: Trace): number {
  const d = trace.meta.durationS;
  if (typeof d === "number" && Number.isFinite(d) && d >= 0) return d;
  return trace.steps.reduce((max, step) => Math.max(max, step.t), 0);
}

export function screenOf(trace: Trace): ScreenSize | undefined {
  const screen = trace.environment?.screen;
  if (!screen) return undefined;
  return { width: screen.width, height: screen.height, scale: screen.scale ?? 1 };
}

/** A frame is usable for drawing or coordinate mapping only when its pixel size is known. */
export function sizedFrame(step: Step): (MediaRef & { width: number; height: number }) | undefined {
  const frame = step.frame;
  if (!frame || frame.width === undefined || frame.height === undefined) return undefined;
  return frame as MediaRef & { width: number; height: number };
}

/** Input actions (human or agent); focus observations and idle frames are not. */
export function isInputAction(step: Step): boolean {
  return step.kind === "action" && step.action !== undefined;
}

/** An idle frame: an observation that carries only a screenshot. */
export function isIdleFrame(step: Step): boolean {
  return (
    step.kind === "observation" &&
    step.frame !== undefined &&
    step.action === undefined &&
    step.signal === undefined &&
    step.text === undefined
  );
}
