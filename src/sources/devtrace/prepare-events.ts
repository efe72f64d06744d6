import type { Redactor } from "../../model/redact.js";
import type { ResolvedConsent } from "./consent.js";
import type { DevtraceEvent } from "./events.js";
import { knownEventFields } from "./validate-events.js";

/**
 * What the server does to validated events before anything is stored: stamps the server clock,
 * redacts secrets from the free text (commands, diffs, commit messages, rationale), and removes
 * what the participant did not consent to. The event keeps its id, seq, timestamps and type, so
 * the sequence stays complete; each removal is listed in `dropped`. Inputs are never mutated.
 */
export interface PrepareEventsOptions {
  consent: ResolvedConsent;
  redactor: Redactor;
  /** Server clock, Unix seconds. */
  nowSeconds: number;
}

export interface PreparedEvents {
  events: DevtraceEvent[];
  /** Number of secrets replaced by a redaction marker. */
  redactions: number;
  /** One line per removal: "event-004: rationale text (no rationale consent)". */
  dropped: string[];
}

export function prepareEvents(
  events: readonly DevtraceEvent[],
  options: PrepareEventsOptions,
): PreparedEvents {
  let redactions = 0;
  const dropped: string[] = [];
  const redact = (text: string): { text: string; count: number } => {
    const result = options.redactor.redactText(text);
    const count = result.findings.reduce((sum, finding) => sum + finding.count, 0);
    redactions += count;
    return { text: result.text, count };
  };
  const prepared = events.map((event) =>
    prepareExtras(
      prepareEvent({ ...event, ts_server_s: options.nowSeconds }, options.consent, redact, dropped),
      options,
      dropped,
    ),
  );
  return { events: prepared, redactions, dropped };
}

/**
 * Fields the wire format does not define (kept for compatibility) are redacted like any text. We
 * cannot tell whether they hold code or outputs, so they are kept only with full consent.
 */
function prepareExtras(
  event: DevtraceEvent,
  options: PrepareEventsOptions,
  dropped: string[],
): DevtraceEvent {
  const known = knownEventFields(event.type);
  const extraKeys = Object.keys(event).filter((key) => !known.has(key));
  if (extraKeys.length === 0) return event;
  const fullConsent = options.consent.code && options.consent.outputs && options.consent.rationale;
  const next: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    const keep = known.has(key)
      ? value
      : fullConsent
        ? options.redactor.redactValue(value)
        : undefined;
    if (keep !== undefined) {
      Object.defineProperty(next, key, {
        value: keep,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  if (!fullConsent)
    dropped.push(`${event.id}: unknown fields ${extraKeys.join(", ")} (consent withheld)`);
  return next as unknown as DevtraceEvent;
}

type Redact = (text: string) => { text: string; count: number };

/** An optional diff (commit, code_change): redacted with code consent, removed and noted without it. */
function withOptionalDiff<Event extends { id: string; diff_unified?: string }>(
  next: Event,
  consent: ResolvedConsent,
  redact: Redact,
  dropped: string[],
): Event {
  if (next.diff_unified === undefined) return next;
  if (consent.code) next.diff_unified = redact(next.diff_unified).text;
  else {
    delete next.diff_unified;
    dropped.push(`${next.id}: diff (no code consent)`);
  }
  return next;
}

function prepareEvent(
  event: DevtraceEvent,
  consent: ResolvedConsent,
  redact: Redact,
  dropped: string[],
): DevtraceEvent {
  switch (event.type) {
    case "cmd_run": {
      const cmd = redact(event.cmd);
      const next = { ...event, cmd: cmd.text };
      if (cmd.count > 0) next.env_redacted = true;
      if (!consent.outputs && (next.stdout_ref !== undefined || next.stderr_ref !== undefined)) {
        delete next.stdout_ref;
        delete next.stderr_ref;
        dropped.push(`${event.id}: stdout/stderr refs (no outputs consent)`);
      }
      return next;
    }
    case "test_run": {
      const next = { ...event };
      if (!consent.outputs && next.report_ref !== undefined) {
        delete next.report_ref;
        dropped.push(`${event.id}: report ref (no outputs consent)`);
      }
      return next;
    }
    case "file_edit": {
      if (!consent.code) {
        if (event.diff_unified.length > 0) dropped.push(`${event.id}: diff (no code consent)`);
        // diff_unified is required on the wire; an empty diff keeps the event valid.
        return { ...event, diff_unified: "" };
      }
      return { ...event, diff_unified: redact(event.diff_unified).text };
    }
    case "commit": {
      const next = { ...event, message: redact(event.message).text };
      return withOptionalDiff(next, consent, redact, dropped);
    }
    case "code_change": {
      const next = { ...event };
      if (next.description !== undefined) next.description = redact(next.description).text;
      return withOptionalDiff(next, consent, redact, dropped);
    }
    case "rationale_note": {
      if (!consent.rationale) {
        const hadText =
          event.freeform !== undefined ||
          Object.values(event.structured).some((value) => value !== undefined);
        if (hadText) dropped.push(`${event.id}: rationale text (no rationale consent)`);
        const { freeform: _freeform, ...rest } = event;
        return { ...rest, structured: {} };
      }
      const structured: Record<string, string> = {};
      for (const [key, value] of Object.entries(event.structured)) {
        if (typeof value === "string") structured[key] = redact(value).text;
      }
      const next = { ...event, structured };
      if (event.freeform !== undefined) next.freeform = redact(event.freeform).text;
      return next;
    }
  }
}
