import type { Redactor } from "../../model/redact.js";

/**
 * The export's privacy check: the same detectors as the model door and the screen path, run on
 * every string of a record or row. Findings name the detector kind and a count, never the value,
 * so a quarantine record or a receipt can say why without repeating the secret. Image data
 * (inline base64) is skipped: the text detectors cannot read pixels and would only corrupt it.
 */
export type PiiKinds = Record<string, number>;

/** How export treats a row the detectors flag: refuse it (default) or write it redacted. */
export type PiiPolicy = "quarantine" | "redact";

const skippedKeys = new Set(["data", "image_url"]);

/** A copy of `value` with every string redacted, and what was replaced per kind. */
export function redactStrings<T>(value: T, redactor: Redactor): { value: T; kinds: PiiKinds } {
  const kinds: PiiKinds = {};
  const copy = (item: unknown, key: string | undefined): unknown => {
    if (typeof item === "string") {
      if (key !== undefined && skippedKeys.has(key)) return item;
      const result = redactor.redactText(item);
      for (const finding of result.findings)
        kinds[finding.rule] = (kinds[finding.rule] ?? 0) + finding.count;
      return result.findings.length === 0 ? item : result.text;
    }
    if (Array.isArray(item)) return item.map((entry) => copy(entry, undefined));
    if (typeof item !== "object" || item === null) return item;
    const result: Record<string, unknown> = {};
    for (const [entryKey, entryValue] of Object.entries(item))
      result[entryKey] = copy(entryValue, entryKey);
    return result;
  };
  return { value: copy(value, undefined) as T, kinds };
}

export function piiTotal(kinds: PiiKinds): number {
  return Object.values(kinds).reduce((sum, count) => sum + count, 0);
}

/** "email ×2, openai_key ×1": kinds in name order, for errors and summaries. */
export function describePiiKinds(kinds: PiiKinds): string {
  return Object.entries(kinds)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([kind, count]) => `${kind} ×${count}`)
    .join(", ");
}

export function addPiiKinds(into: PiiKinds, from: PiiKinds): void {
  for (const [kind, count] of Object.entries(from)) into[kind] = (into[kind] ?? 0) + count;
}

/** Strings remembered as clean at most; the set starts over past it, so memory stays bounded. */
const maxRemembered = 50_000;
const maxRememberedLength = 65_536;

/**
 * A redactor that remembers strings it found clean: a record's content is usually its last
 * message too, and the row written from it holds the same strings, so each is scanned once.
 */
export function rememberingCleanText(redactor: Redactor): Redactor {
  let clean = new Set<string>();
  return {
    redactText(text) {
      if (clean.has(text)) return { text, findings: [] };
      const result = redactor.redactText(text);
      if (result.findings.length === 0 && text.length <= maxRememberedLength) {
        if (clean.size >= maxRemembered) clean = new Set();
        clean.add(text);
      }
      return result;
    },
    redactValue: (value) => redactor.redactValue(value),
  };
}
