import { TracemillError } from "../../core/errors.js";
import type { Step } from "../../core/trace.js";
import { invalidInput, isEpochMs, maxEpochMs } from "../input-range.js";
import type { SourceWarning } from "../types.js";
import { jsonElementLines } from "./json-element-lines.js";
import { epochMs, isRecord, type RaceSession } from "./race-session.js";

/**
 * A web session's `<id>.events.json` → message and reward steps (pure).
 *
 * - quest, hint → user messages; reasoning → assistant messages; reward → an environment
 *   observation with `signal: { name: "reward", value: metadata.scoreValue }` (an outcome for
 *   judges, never a chat message). Other event types are skipped with one warning per type.
 * - Time base (t = 0): the file's top-level `timestamp`, else the race session's `created_at`,
 *   else the earliest event. t = (timestamp − base) / 1000; an event before the base is put at 0.
 */
export type TimeBaseSource = "events.timestamp" | "race_session.created_at" | "first_event";

export interface WebEvents {
  sessionId?: string;
  challenge?: string;
  category?: string;
  timeBase?: { ms: number; source: TimeBaseSource };
  /** In time order, `index` from 0. */
  steps: Step[];
  /** Quest messages in order: the first is the task, all are its objectives. */
  quests: string[];
  /**
   * Keyboard focus moving into a form field (`metadata.input_type`, as an HTML input's type):
   * typing while a `password` field has focus is masked.
   */
  fields: { t: number; inputType: string; line?: number }[];
}

/** The input type an event says focus moved to: `metadata.input_type` or `metadata.element.type`. */
function fieldInputType(entry: Record<string, unknown>): string | undefined {
  const metadata = isRecord(entry.metadata) ? entry.metadata : {};
  const element = isRecord(metadata.element) ? metadata.element : {};
  const value = metadata.input_type ?? element.type;
  return typeof value === "string" && value.length > 0 ? value.toLowerCase() : undefined;
}

interface RawEvent {
  type: string;
  text: string;
  ms: number;
  line: number | undefined;
  score: number | undefined;
}

const roles: Record<string, Pick<Step, "actor" | "kind">> = {
  quest: { actor: "user", kind: "message" },
  hint: { actor: "user", kind: "message" },
  reasoning: { actor: "assistant", kind: "message" },
  reward: { actor: "environment", kind: "observation" },
};

export function parseWebEvents(input: {
  document: unknown;
  /** The file's text, only to find each event's line. */
  text?: string;
  file: string;
  race?: RaceSession;
}): { value: WebEvents; warnings: SourceWarning[] } {
  const { document, file } = input;
  const list = Array.isArray(document)
    ? document
    : isRecord(document)
      ? document.events
      : undefined;
  if (!Array.isArray(list)) {
    throw new TracemillError("input_invalid", `${file}: expected an object with an "events" array`);
  }
  const header = isRecord(document) ? document : {};
  const lines = input.text ? jsonElementLines(input.text, "events") : [];
  const lineOf = (index: number) => (lines.length === list.length ? lines[index] : undefined);
  const warnings: SourceWarning[] = [];
  const warn = (code: string, message: string, line?: number) =>
    warnings.push(line === undefined ? { code, message, file } : { code, message, file, line });

  const raw: RawEvent[] = [];
  const fieldEvents: { ms: number; inputType: string; line: number | undefined }[] = [];
  const skippedTypes = new Map<string, number>();
  for (const [index, entry] of list.entries()) {
    const line = lineOf(index);
    const where = `event ${index}`;
    if (!isRecord(entry) || typeof entry.type !== "string") {
      warn("web_event_invalid", `${where} has no "type"; skipped`, line);
      continue;
    }
    const inputType = fieldInputType(entry);
    if (inputType !== undefined) {
      const ms = epochMs(entry.timestamp);
      if (ms !== undefined && isEpochMs(ms)) fieldEvents.push({ ms, inputType, line });
      if (!(entry.type in roles)) continue;
    }
    if (!(entry.type in roles)) {
      skippedTypes.set(entry.type, (skippedTypes.get(entry.type) ?? 0) + 1);
      continue;
    }
    const ms = epochMs(entry.timestamp);
    if (ms !== undefined && !isEpochMs(ms)) {
      throw invalidInput(
        line === undefined ? `${file} (${where}.timestamp)` : `${file}:${line}`,
        `${where} timestamp ${ms} is not a date (epoch milliseconds within ±${maxEpochMs})`,
      );
    }
    if (ms === undefined) {
      warn("web_event_invalid", `${where} (${entry.type}) has no usable timestamp; skipped`, line);
      continue;
    }
    const text = typeof entry.message === "string" ? entry.message.trim() : "";
    if (text.length === 0) {
      warn("web_event_invalid", `${where} (${entry.type}) has an empty message; skipped`, line);
      continue;
    }
    const metadata = isRecord(entry.metadata) ? entry.metadata : {};
    const score =
      typeof metadata.scoreValue === "number" && Number.isFinite(metadata.scoreValue)
        ? metadata.scoreValue
        : undefined;
    if (entry.type === "reward" && score === undefined) {
      warn(
        "web_reward_without_score",
        `${where} (reward) has no metadata.scoreValue; kept without a signal`,
        line,
      );
    }
    raw.push({ type: entry.type, text, ms, line, score });
  }
  for (const [type, count] of skippedTypes) {
    warn(
      "web_event_type_unknown",
      `${count} event(s) of unknown type ${JSON.stringify(type)} skipped`,
    );
  }

  const headerMs = epochMs(header.timestamp);
  if (headerMs !== undefined && !isEpochMs(headerMs))
    throw invalidInput(`${file} (timestamp)`, `timestamp ${headerMs} is not a date`);
  const timeBase = chooseTimeBase(headerMs, input.race?.createdAtMs, raw);
  if (timeBase?.source === "first_event") {
    warn(
      "web_time_base_fallback",
      "no top-level timestamp and no race session created_at: t = 0 is the first event",
    );
  }
  const base = timeBase?.ms ?? 0;
  const early = raw.filter((event) => event.ms < base).length;
  if (early > 0)
    warn("web_event_before_start", `${early} event(s) before the time base were placed at t = 0`);

  const ordered = raw
    .map((event, position) => ({ event, position }))
    .sort((a, b) => a.event.ms - b.event.ms || a.position - b.position);
  const steps = ordered.map(({ event }, index) => toStep(event, index, base, file));
  const value: WebEvents = {
    steps,
    quests: raw.filter((e) => e.type === "quest").map((e) => e.text),
    fields: fieldEvents.map((event) => ({
      t: Math.max(0, (event.ms - base) / 1000),
      inputType: event.inputType,
      ...(event.line === undefined ? {} : { line: event.line }),
    })),
  };
  if (timeBase) value.timeBase = timeBase;
  for (const field of ["challenge", "category"] as const) {
    const own = header[field];
    const fromRace = input.race?.[field];
    if (typeof own === "string" && own.length > 0) value[field] = own;
    else if (fromRace) value[field] = fromRace;
  }
  if (typeof header.session_id === "string") value.sessionId = header.session_id;
  return { value, warnings };
}

function chooseTimeBase(
  own: number | undefined,
  raceCreated: number | undefined,
  events: RawEvent[],
): WebEvents["timeBase"] {
  if (own !== undefined) return { ms: own, source: "events.timestamp" };
  if (raceCreated !== undefined) return { ms: raceCreated, source: "race_session.created_at" };
  if (events.length === 0) return undefined;
  return { ms: Math.min(...events.map((event) => event.ms)), source: "first_event" };
}

function toStep(event: RawEvent, index: number, base: number, file: string): Step {
  const role = roles[event.type]!;
  const origin = event.line === undefined ? { file } : { file, line: event.line };
  const step: Step = {
    index,
    t: Math.max(0, (event.ms - base) / 1000),
    ...role,
    text: event.text,
    origin,
  };
  if (event.type === "reward" && event.score !== undefined)
    step.signal = { name: "reward", value: event.score };
  return step;
}
