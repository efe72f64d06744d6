import type { RedactionConfig } from "../core/config.js";
import { TracemillError } from "../core/errors.js";
import {
  builtInRedactionRules,
  credentialKeySource,
  oauthKeySource,
  type RedactionRule,
} from "./redaction-rules.js";

/**
 * Redaction of secrets and PII, applied by the model door to every outbound message and by the
 * logger to every log line. Rules are compiled once per redactor and each runs one linear pass;
 * a match becomes `[REDACTED:<rule>]`. Redacting twice gives the same text (markers never match).
 */
export { builtInRedactionRules, type RedactionRule } from "./redaction-rules.js";

export interface RedactionFinding {
  rule: string;
  count: number;
}

/** Where a match was in the input text (UTF-16 offsets, end exclusive). */
export interface RedactionSpan {
  start: number;
  end: number;
  rule: string;
}

export interface Redactor {
  redactText(text: string): { text: string; findings: RedactionFinding[] };
  /** The spans redactText replaces, in order (the built-in redactor has it). */
  findSpans?(text: string): RedactionSpan[];
  /** deep copy with every string redacted (object keys kept); non-plain values returned as is */
  redactValue<T>(value: T): T;
}

interface CompiledRule {
  name: string;
  pattern: RegExp;
  accept: RedactionRule["accept"];
  hints: RedactionRule["hints"];
}

export function redactionMarker(rule: string): string {
  return `[REDACTED:${rule}]`;
}

export function createRedactor(config: Partial<RedactionConfig> = {}): Redactor {
  if (config.enabled === false) {
    return { redactText: (text) => ({ text, findings: [] }), redactValue: (value) => value };
  }
  const rules = compileRules(config);
  const allow = [...new Set(config.allow ?? [])].filter((entry) => entry.length > 0);
  const enabled = new Set(rules.map((rule) => rule.name));
  const keyRules = [
    { name: "oauth_token", key: new RegExp(`^${oauthKeySource}$`, "i") },
    { name: "credential_assignment", key: new RegExp(`^${credentialKeySource}$`, "i") },
  ].filter((rule) => enabled.has(rule.name));

  // Short strings repeat (warning codes, file names, stage names, key labels): a bounded memo
  // of their results makes redacting 10k similar warnings cost one pass per distinct string.
  const memo = new Map<string, { text: string; findings: RedactionFinding[] }>();
  function redactText(text: string): { text: string; findings: RedactionFinding[] } {
    if (text.length > memoMaxLength) return redactUncached(text);
    let result = memo.get(text);
    if (result === undefined) {
      if (memo.size >= memoMaxEntries) memo.clear();
      result = redactUncached(text);
      memo.set(text, result);
    }
    return {
      text: result.text,
      findings: result.findings.length === 0 ? [] : result.findings.map((f) => ({ ...f })),
    };
  }

  function claimAll(text: string): { claimed: Claim[]; findings: RedactionFinding[] } {
    const findings: RedactionFinding[] = [];
    const claimed: Claim[] = [];
    for (const rule of rules) {
      const count = applyRule(text, rule, allow, claimed);
      if (count === 0) continue;
      const existing = findings.find((finding) => finding.rule === rule.name);
      if (existing) existing.count += count;
      else findings.push({ rule: rule.name, count });
    }
    return { claimed, findings };
  }

  function redactUncached(text: string): { text: string; findings: RedactionFinding[] } {
    const { claimed, findings } = claimAll(text);
    if (claimed.length === 0) return { text, findings };
    const pieces: string[] = [];
    let copied = 0;
    for (const claim of claimed) {
      pieces.push(text.slice(copied, claim.start), redactionMarker(claim.rule));
      copied = claim.end;
    }
    pieces.push(text.slice(copied));
    return { text: pieces.join(""), findings };
  }

  // Which key rule (if any) a key falls under, per key: keys repeat (message, code, file, …).
  const keyRuleMemo = new Map<string, (typeof keyRules)[number] | null>();
  function keyRuleFor(key: string): (typeof keyRules)[number] | undefined {
    let rule = keyRuleMemo.get(key);
    if (rule === undefined) {
      if (keyRuleMemo.size >= memoMaxEntries) keyRuleMemo.clear();
      rule = keyRules.find((candidate) => candidate.key.test(key)) ?? null;
      keyRuleMemo.set(key, rule);
    }
    return rule ?? undefined;
  }

  /** A string stored under a credential key (`{ password: "…" }`) is a secret even on its own. */
  function redactKeyedString(key: string | undefined, value: string): string | undefined {
    if (key === undefined || value.length === 0) return undefined;
    const rule = keyRuleFor(key);
    if (rule === undefined || allow.includes(value)) return undefined;
    if (value.startsWith("[REDACTED:") || variableReference.test(value)) return undefined;
    return redactionMarker(rule.name);
  }

  function copy(value: unknown, key: string | undefined, seen: WeakMap<object, unknown>): unknown {
    if (typeof value === "string") return redactKeyedString(key, value) ?? redactText(value).text;
    if (typeof value !== "object" || value === null) return value;
    const already = seen.get(value);
    if (already !== undefined) return already;
    if (Array.isArray(value)) {
      const result: unknown[] = [];
      seen.set(value, result);
      for (const item of value) result.push(copy(item, undefined, seen));
      return result;
    }
    if (!isPlainObject(value)) return value;
    const result: Record<string, unknown> = {};
    seen.set(value, result);
    for (const [entryKey, entryValue] of Object.entries(value)) {
      result[entryKey] = copy(entryValue, entryKey, seen);
    }
    return result;
  }

  return {
    redactText,
    findSpans: (text) => claimAll(text).claimed.map((claim) => ({ ...claim })),
    redactValue: <T>(value: T): T => copy(value, undefined, new WeakMap()) as T,
  };
}

/** `$NAME` or `${NAME}`: a reference to a secret, not the secret. */
const variableReference = /^\$\{?[A-Za-z_]\w*\}?$/;

/** Strings up to this length are memoised per redactor, at most this many at a time. */
const memoMaxLength = 256;
const memoMaxEntries = 20_000;

function compileRules(config: Partial<RedactionConfig>): CompiledRule[] {
  const extra = (config.extra ?? []).map((entry): RedactionRule => {
    try {
      return {
        name: entry.name,
        description: "configured in redaction.extra",
        pattern: new RegExp(entry.pattern, entry.flags),
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new TracemillError(
        "config_invalid",
        `redaction.extra rule "${entry.name}" has an invalid pattern: ${reason}`,
        { cause: error, details: { rule: entry.name, pattern: entry.pattern } },
      );
    }
  });
  // Configured patterns run first: they name secrets specific to this deployment.
  const all = [...extra, ...builtInRedactionRules];
  const names = new Set<string>();
  for (const rule of all) {
    if (names.has(rule.name)) {
      throw new TracemillError("config_invalid", `redaction rule "${rule.name}" is defined twice`);
    }
    names.add(rule.name);
  }
  const disabled = new Set(config.disable ?? []);
  const unknown = [...disabled].filter((name) => !names.has(name));
  if (unknown.length > 0) {
    throw new TracemillError(
      "config_invalid",
      `redaction.disable names unknown rules: ${unknown.join(", ")} (known: ${[...names].join(", ")})`,
    );
  }
  return all
    .filter((rule) => !disabled.has(rule.name))
    .map((rule) => ({
      name: rule.name,
      pattern: compilePattern(rule.pattern),
      accept: rule.accept,
      hints: rule.hints,
    }));
}

function compilePattern(pattern: RegExp): RegExp {
  const wanted = pattern.source.includes("(?<secret>") ? "gd" : "g";
  const flags = [...new Set(`${pattern.flags.replace("y", "")}${wanted}`)].join("");
  return new RegExp(linearRepeats(pattern.source), flags);
}

/**
 * V8 keeps one backtracking entry per character for `X{n,}` but not for `X*`, so a run of a few
 * million matching characters overflows the stack. `X{n,}` and `X{n}X*` match the same text when
 * X is one character (a class, an escape or `.`), so every such repeat is rewritten; this keeps
 * configured patterns and new built-in ones safe on inputs of any length.
 */
export function linearRepeats(source: string): string {
  let output = "";
  let index = 0;
  while (index < source.length) {
    const atom = readAtom(source, index);
    const repeat = /^\{(\d+),\}(\??)/.exec(
      source.slice(index + atom.length, index + atom.length + 24),
    );
    if (atom.single && repeat !== null) {
      const [whole, count, lazy] = repeat;
      output += `${atom.text}{${count}}${atom.text}*${lazy}`;
      index += atom.length + whole.length;
    } else {
      output += atom.text;
      index += atom.length;
    }
  }
  return output;
}

/** One token of a pattern: a character class, an escape, or a single character. */
function readAtom(
  source: string,
  start: number,
): { text: string; length: number; single: boolean } {
  const char = source[start] ?? "";
  if (char === "\\") {
    const next = source[start + 1] ?? "";
    // \u…, \x…, \c…, \k<…>, \p{…} and back-references span several characters: kept whole, never rewritten.
    const long =
      /^\\(?:u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|c[A-Za-z]|k<[^>]*>|[pP]\{[^}]*\}|\d+)/.exec(
        source.slice(start, start + 64),
      );
    if (long !== null) return { text: long[0], length: long[0].length, single: false };
    return { text: `\\${next}`, length: 2, single: true };
  }
  if (char === "[") {
    let end = start + 1;
    if (source[end] === "^") end += 1;
    if (source[end] === "]") end += 1;
    while (end < source.length && source[end] !== "]") end += source[end] === "\\" ? 2 : 1;
    const text = source.slice(start, end + 1);
    return { text, length: text.length, single: true };
  }
  return { text: char, length: 1, single: char === "." || /^[A-Za-z0-9 _-]$/.test(char) };
}

/** A span of the input an earlier rule has taken; later rules cannot match across it. */
interface Claim {
  start: number;
  end: number;
  rule: string;
}

/**
 * One rule's pass over the original text. Earlier rules' matches are kept as claims (sorted,
 * disjoint) instead of being written out after every rule: a match that overlaps a claim is
 * dropped and the scan resumes after that claim, as if the claim were already a marker. The text
 * is built once at the end, so a text in which many rules fire is not copied once per rule.
 */
function applyRule(
  text: string,
  rule: CompiledRule,
  allow: readonly string[],
  claimed: Claim[],
): number {
  if (rule.hints !== undefined && !rule.hints.some((hint) => text.includes(hint))) return 0;
  const pattern = rule.pattern;
  pattern.lastIndex = 0;
  let count = 0;
  let match = pattern.exec(text);
  while (match !== null) {
    const whole = match[0];
    if (whole.length === 0) {
      pattern.lastIndex += 1;
    } else {
      const blocking = firstOverlap(claimed, match.index, match.index + whole.length);
      if (blocking !== undefined) {
        pattern.lastIndex = Math.max(match.index + 1, blocking.end);
      } else {
        const secret = match.indices?.groups?.secret;
        let [start, end] = secret ?? [match.index, match.index + whole.length];
        const verdict =
          end > start &&
          (rule.accept?.(whole, match.groups ?? {}, { text, index: match.index }) ?? true);
        if (typeof verdict === "number" && secret === undefined && verdict < whole.length) {
          end = start + Math.max(0, verdict);
          pattern.lastIndex = Math.max(end, match.index + 1);
        }
        const accepted = verdict !== false && verdict !== 0 && end > start;
        if (accepted && !isAllowed(text, start, end, allow)) {
          claim(claimed, { start, end, rule: rule.name });
          count += 1;
        }
      }
    }
    match = pattern.exec(text);
  }
  return count;
}

/** Index of the first claim that ends after `position` (claims are sorted and disjoint). */
function firstEndingAfter(claimed: readonly Claim[], position: number): number {
  let low = 0;
  let high = claimed.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((claimed[middle] as Claim).end <= position) low = middle + 1;
    else high = middle;
  }
  return low;
}

function firstOverlap(claimed: readonly Claim[], start: number, end: number): Claim | undefined {
  const candidate = claimed[firstEndingAfter(claimed, start)];
  return candidate !== undefined && candidate.start < end ? candidate : undefined;
}

function claim(claimed: Claim[], span: Claim): void {
  claimed.splice(firstEndingAfter(claimed, span.start), 0, span);
}

/** True when the span lies inside an occurrence of an allowed string. */
function isAllowed(text: string, start: number, end: number, allow: readonly string[]): boolean {
  for (const entry of allow) {
    if (entry.length < end - start) continue;
    let from = Math.max(0, end - entry.length);
    while (from <= start) {
      const found = text.indexOf(entry, from);
      if (found === -1 || found > start) break;
      if (found + entry.length >= end) return true;
      from = found + 1;
    }
  }
  return false;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

let sharedDefault: Redactor | undefined;

/**
 * The kinds (rule names) of secrets and personal data found in text, sorted, each once; never the
 * values. With no redactor the built-in rules are used. For per-kind counts use
 * `redactText(text).findings`.
 */
export function detect(text: string, redactor?: Redactor): string[] {
  if (redactor === undefined && sharedDefault === undefined) sharedDefault = createRedactor();
  const active = redactor ?? (sharedDefault as Redactor);
  const findings = active.redactText(text).findings;
  return [...new Set(findings.map((finding) => finding.rule))].sort();
}
