import type { Trace } from "../../core/trace.js";

/** What tracemill uses of a desktop session's meta.json; every field is optional. */
export interface DesktopMeta {
  id?: string;
  /** Epoch ms of the recording start (`timestamp`). */
  timestampMs?: number;
  durationS?: number;
  platform?: string;
  locale?: string;
  /** The recorder's `keyboard_layout` (e.g. `us-qwerty`); wins over the locale. */
  keyboardLayout?: string;
  scaleFactor?: number;
  monitor?: { width: number; height: number };
  app?: string;
  task?: NonNullable<Trace["task"]>;
  /** Descriptive fields copied to trace.meta as they are. */
  extra: Record<string, string | number>;
}

const str = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim().length > 0 ? value : undefined;
const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;
const positive = (value: unknown): number | undefined => {
  const n = num(value);
  return n !== undefined && n > 0 ? n : undefined;
};
const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/**
 * Reads the parsed meta.json leniently: a field of the wrong type is left out rather than
 * failing the session (the input log is what matters). Returns undefined when the document is
 * not a JSON object at all.
 */
export function parseDesktopMeta(document: unknown): DesktopMeta | undefined {
  const root = record(document);
  if (root === undefined) return undefined;
  const quest = record(root.quest) ?? {};
  const monitor = record(root.primary_monitor);
  const width = positive(monitor?.width);
  const height = positive(monitor?.height);

  const meta: DesktopMeta = { extra: {} };
  assign(meta, "id", str(root.id));
  assign(meta, "timestampMs", parseTimestamp(root.timestamp));
  assign(meta, "durationS", num(root.duration_seconds));
  assign(meta, "platform", str(root.platform));
  assign(meta, "locale", str(root.locale));
  assign(meta, "keyboardLayout", str(root.keyboard_layout));
  assign(meta, "scaleFactor", positive(root.scale_factor));
  if (width !== undefined && height !== undefined) {
    meta.monitor = { width: Math.round(width), height: Math.round(height) };
  }
  assign(meta, "app", str(quest.app) ?? str(root.app));

  const task: NonNullable<Trace["task"]> = {};
  assign(task, "id", str(quest.task_id) ?? str(root.task_id));
  assign(task, "title", str(quest.title) ?? str(root.title));
  assign(task, "description", str(quest.content) ?? str(root.description));
  const objectives = Array.isArray(quest.objectives)
    ? quest.objectives.filter((item): item is string => str(item) !== undefined)
    : [];
  if (objectives.length > 0) task.objectives = objectives;
  if (Object.keys(task).length > 0) meta.task = task;

  for (const key of ["status", "reason", "arch", "version"] as const) {
    const value = str(root[key]) ?? num(root[key]);
    if (value !== undefined) meta.extra[key] = value;
  }
  return meta;
}

/** ISO strings (with offset) or epoch numbers; numbers below 1e12 are taken as seconds. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value) && value > 0) {
    return value < 1e12 ? value * 1000 : value;
  }
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

function assign<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | undefined,
): void {
  if (value !== undefined) target[key] = value;
}

/** Largest plausible display side in pixels (16K is 15,360). */
const maxScreenSide = 100_000;

/**
 * Numbers that have the right type but cannot be real (a 1e308-pixel screen, a timestamp past
 * the end of dates): the field's name and value, or undefined when every field is plausible.
 */
export function implausibleMetaField(document: unknown): string | undefined {
  const root = record(document);
  if (root === undefined) return undefined;
  const monitor = record(root.primary_monitor);
  for (const side of ["width", "height"] as const) {
    const value = num(monitor?.[side]);
    if (value !== undefined && (value > maxScreenSide || value < 0))
      return `primary_monitor.${side} ${value} is not a screen size (0 to ${maxScreenSide} pixels)`;
  }
  const scale = num(root.scale_factor);
  if (scale !== undefined && (scale > 16 || scale < 0))
    return `scale_factor ${scale} is not a display scale (0 to 16)`;
  const timestamp = parseTimestamp(root.timestamp);
  if (timestamp !== undefined && Math.abs(timestamp) > 8.64e15)
    return `timestamp ${String(root.timestamp)} is not a date`;
  const duration = num(root.duration_seconds);
  if (duration !== undefined && (duration < 0 || duration > 1e7))
    return `duration_seconds ${duration} is not a recording length (0 to 10,000,000 s)`;
  return undefined;
}
