import type { Trace } from "../../core/trace.js";
import type { SftMessage } from "../../format/sft-message.js";
import type { Redactor } from "../../model/redact.js";
import { redactTypedRuns } from "./redact-typed-runs.js";

/**
 * The screen path's privacy boundary: a session's text (typed text, window titles, click target
 * labels, the quest, web messages, commands, adapter meta) is redacted once, right after it is
 * read and before any file is written, so trace.json, results.json, sft*.json, the previews and
 * scores.json all derive from the redacted trace. Structural fields (ids, file paths, hashes,
 * times, frames, origins) are kept as they are: outputs must still point at the real files.
 */
export interface RedactionCounts {
  total: number;
  /** Replacements per detector kind (`email`, `openai_key`, ...); never the values. */
  byKind: Record<string, number>;
}

export function emptyRedactionCounts(): RedactionCounts {
  return { total: 0, byKind: {} };
}

export function addRedactionCounts(into: RedactionCounts, from: RedactionCounts): void {
  into.total += from.total;
  for (const [kind, count] of Object.entries(from.byKind))
    into.byKind[kind] = (into.byKind[kind] ?? 0) + count;
}

/** The step fields that carry no text a person wrote or saw. */
const structuralStepKeys = new Set(["index", "t", "actor", "kind", "frame", "origin", "signal"]);
const structuralTraceKeys = new Set(["schema", "id", "kind", "source", "media", "integrity"]);

export function redactSessionTrace(
  trace: Trace,
  redactor: Redactor,
): { trace: Trace; counts: RedactionCounts } {
  const counts = emptyRedactionCounts();
  const redact = textRedaction(redactor, counts);
  // Adapter meta and the quest are free-form JSON: a `password` field is a secret on its own.
  const redactKeyed = keyedRedaction(redactor, counts, redact);
  const redacted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(trace)) {
    if (structuralTraceKeys.has(key)) redacted[key] = value;
    else if (key === "steps") {
      // Text typed in pieces is redacted as the field received it, then each step on its own.
      const joined = redactTypedRuns(trace.steps, redactor, counts);
      redacted[key] = joined.map((step) => redactStep(step, redact));
    } else redacted[key] = redactStrings(value, redactKeyed, key);
  }
  return { trace: redacted as Trace, counts };
}

/** A session's sft.json read back from an earlier run (`--grade` without `--force`). */
export function redactSftMessages(
  messages: SftMessage[],
  redactor: Redactor,
): { messages: SftMessage[]; counts: RedactionCounts } {
  const counts = emptyRedactionCounts();
  const redact = textRedaction(redactor, counts);
  // Image content is base64 pixels: the text detectors would only corrupt it.
  const redacted = messages.map((message) =>
    typeof message.content === "string"
      ? { ...message, content: redact(message.content) }
      : message,
  );
  return { messages: redacted, counts };
}

type Redact = (text: string, key?: string) => string;

function textRedaction(redactor: Redactor, counts: RedactionCounts): Redact {
  return (text) => {
    const result = redactor.redactText(text);
    for (const finding of result.findings) {
      counts.total += finding.count;
      counts.byKind[finding.rule] = (counts.byKind[finding.rule] ?? 0) + finding.count;
    }
    return result.text;
  };
}

function keyedRedaction(redactor: Redactor, counts: RedactionCounts, redact: Redact): Redact {
  return (text, key) => {
    if (key !== undefined) {
      const keyed = redactor.redactValue({ [key]: text })[key];
      const rule = keyed === undefined ? undefined : /^\[REDACTED:([^\]]+)\]$/.exec(keyed)?.[1];
      if (keyed !== undefined && rule !== undefined && keyed !== text) {
        counts.total += 1;
        counts.byKind[rule] = (counts.byKind[rule] ?? 0) + 1;
        return keyed;
      }
    }
    return redact(text);
  };
}

function redactStep(step: Trace["steps"][number], redact: Redact): Trace["steps"][number] {
  const redacted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(step)) {
    redacted[key] = structuralStepKeys.has(key) ? value : redactStrings(value, redact, key);
  }
  return redacted as Trace["steps"][number];
}

/** Keys inside text-bearing objects that name a thing rather than hold text. */
const keptKeys = new Set(["type", "path", "role", "sha", "parentSha", "language", "framework"]);

function redactStrings(value: unknown, redact: Redact, key: string | undefined): unknown {
  if (typeof value === "string")
    return key !== undefined && keptKeys.has(key) ? value : redact(value, key);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, redact, undefined));
  if (typeof value !== "object" || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [entryKey, entryValue] of Object.entries(value)) {
    result[entryKey] = redactStrings(entryValue, redact, entryKey);
  }
  return result;
}
