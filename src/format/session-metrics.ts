import { z } from "zod";
import type { Trace } from "../core/trace.js";
import { isIdleFrame, isInputAction, sessionIdOf, traceDurationS } from "./session-facts.js";
import type { SftMessage } from "./sft-message.js";

/** metrics.json of one session. */
export const sessionMetricsSchema = z.object({
  sessionId: z.string(),
  traceId: z.string(),
  source: z.string(),
  durationS: z.number().nonnegative(),
  actions: z.object({
    total: z.number().int().nonnegative(),
    byType: z.record(z.string(), z.number().int().nonnegative()),
    perMinute: z.number().nonnegative(),
  }),
  messages: z.object({
    total: z.number().int().nonnegative(),
    user: z.number().int().nonnegative(),
    assistant: z.number().int().nonnegative(),
    system: z.number().int().nonnegative(),
    images: z.number().int().nonnegative(),
  }),
  frames: z.object({
    total: z.number().int().nonnegative(),
    action: z.number().int().nonnegative(),
    idle: z.number().int().nonnegative(),
  }),
  idle: z.object({
    seconds: z.number().nonnegative(),
    gaps: z.number().int().nonnegative(),
    thresholdS: z.number().positive(),
  }),
  signals: z.record(
    z.string(),
    z.object({ count: z.number().int().positive(), sum: z.number(), last: z.number() }),
  ),
  warnings: z.number().int().nonnegative(),
  /** Input events the recorder logged twice and the reader counted once. */
  duplicateEvents: z.number().int().nonnegative().optional(),
  /** Secrets and personal data replaced before any file was written, per detector kind. */
  redactions: z
    .object({
      total: z.number().int().nonnegative(),
      byKind: z.record(z.string(), z.number().int().nonnegative()),
    })
    .optional(),
});
export type SessionMetrics = z.infer<typeof sessionMetricsSchema>;

export interface SessionMetricsExtra {
  /** Warnings the pipeline collected for this session (readers, frames, formats). */
  warnings?: number;
  /** Duplicated input events the reader collapsed. */
  duplicateEvents?: number;
  /** A gap between input actions at least this long counts as idle. Default 5 s. */
  idleThresholdS?: number;
  /** Redaction counts of the session's text (the screen pipeline's privacy boundary). */
  redactions?: { total: number; byKind: Record<string, number> };
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * Idle time: every gap of at least `threshold` seconds with no input action, counted from the
 * start of the session to its end (reading the task before the first action is idle too).
 */
export function idleGaps(times: number[], durationS: number, threshold: number) {
  const marks = [0, ...[...times].sort((a, b) => a - b), Math.max(durationS, times.at(-1) ?? 0)];
  let seconds = 0;
  let gaps = 0;
  for (let i = 1; i < marks.length; i++) {
    const gap = (marks[i] as number) - (marks[i - 1] as number);
    if (gap >= threshold) {
      seconds += gap;
      gaps += 1;
    }
  }
  return { seconds: round(seconds, 3), gaps };
}

export function sessionMetrics(
  trace: Trace,
  sft: SftMessage[],
  extra: SessionMetricsExtra = {},
): SessionMetrics {
  const threshold = extra.idleThresholdS ?? 5;
  const actionSteps = trace.steps.filter(isInputAction);
  const byType: Record<string, number> = {};
  for (const step of actionSteps) {
    const type = step.action?.type ?? "unknown";
    byType[type] = (byType[type] ?? 0) + 1;
  }
  const durationS = traceDurationS(trace);
  const signals: SessionMetrics["signals"] = {};
  for (const step of trace.steps) {
    if (!step.signal) continue;
    const entry = signals[step.signal.name] ?? { count: 0, sum: 0, last: 0 };
    signals[step.signal.name] = {
      count: entry.count + 1,
      sum: entry.sum + step.signal.value,
      last: step.signal.value,
    };
  }
  const framed = trace.steps.filter((s) => s.frame);
  return {
    sessionId: sessionIdOf(trace),
    traceId: trace.id,
    source: trace.source.format,
    durationS: round(durationS, 3),
    actions: {
      total: actionSteps.length,
      byType,
      perMinute: durationS > 0 ? round((actionSteps.length * 60) / durationS, 2) : 0,
    },
    messages: {
      total: sft.length,
      user: sft.filter((m) => m.role === "user").length,
      assistant: sft.filter((m) => m.role === "assistant").length,
      system: sft.filter((m) => m.role === "system").length,
      images: sft.filter((m) => typeof m.content !== "string").length,
    },
    frames: {
      total: framed.length,
      action: framed.filter(isInputAction).length,
      idle: framed.filter(isIdleFrame).length,
    },
    idle: {
      ...idleGaps(
        actionSteps.map((s) => s.t),
        durationS,
        threshold,
      ),
      thresholdS: threshold,
    },
    signals,
    warnings: extra.warnings ?? 0,
    ...(extra.duplicateEvents === undefined ? {} : { duplicateEvents: extra.duplicateEvents }),
    ...(extra.redactions === undefined ? {} : { redactions: extra.redactions }),
  };
}
