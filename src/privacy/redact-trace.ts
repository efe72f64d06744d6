import type { Step, Trace } from "../core/trace.js";
import type { Redactor } from "../model/redact.js";

/**
 * One Trace of any kind through the one redactor: every string a person wrote or saw (the task,
 * step text, actions, messages, free-form meta) is redacted, and the replacements are counted per
 * detector kind. Structural fields (ids, file paths, hashes, times, frames, origins, media, the
 * integrity chain) are kept as they are, so outputs still point at the real files. A pipeline
 * with more to do on the steps first (the screen path joins text typed in pieces) passes
 * `prepareSteps`.
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

export interface RedactTraceOptions {
  /** Runs on the steps before each step is redacted on its own, counting into `counts`. */
  prepareSteps?: (steps: readonly Step[], counts: RedactionCounts) => Step[];
}

/** The step fields that carry no text a person wrote or saw. */
const structuralStepKeys = new Set(["index", "t", "actor", "kind", "frame", "origin", "signal"]);
const structuralTraceKeys = new Set(["schema", "id", "kind", "source", "media", "integrity"]);

export function redactTrace(
  trace: Trace,
  redactor: Redactor,
  options: RedactTraceOptions = {},
): { trace: Trace; counts: RedactionCounts } {
  const counts = emptyRedactionCounts();
  const redact = countedTextRedaction(redactor, counts);
  // Meta and the task are free-form JSON: a `password` field is a secret on its own.
  const redactKeyed = keyedRedaction(redactor, counts, redact);
  const redacted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(trace)) {
    if (structuralTraceKeys.has(key)) redacted[key] = value;
    else if (key === "steps") {
      const prepared = options.prepareSteps?.(trace.steps, counts) ?? trace.steps;
      redacted[key] = prepared.map((step) => redactStep(step, redact));
    } else redacted[key] = redactStrings(value, redactKeyed, key);
  }
  return { trace: redacted as Trace, counts };
}

type Redact = (text: string, key?: string) => string;

/** The redactor's text redaction, adding what it replaced to `counts`. */
export function countedTextRedaction(
  redactor: Redactor,
  counts: RedactionCounts,
): (text: string) => string {
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

function redactStep(step: Step, redact: Redact): Step {
  const redacted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(step)) {
    redacted[key] = structuralStepKeys.has(key) ? value : redactStrings(value, redact, key);
  }
  return redacted as Step;
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
