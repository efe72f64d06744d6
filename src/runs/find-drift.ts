import { canonicalJson } from "../core/canonical-json.js";
import type { RunInput } from "./run-manifest.js";
import { isSecretKey } from "./stored-config.js";

/**
 * Pure drift detection for resume: what changed between the run's stored inputs and config and
 * the ones given now. Each problem is one human sentence; an empty list means resume is safe.
 */
export interface DriftSubject {
  inputs: RunInput[];
  configFingerprint: string;
  /** The config as stored in the manifest (secrets already redacted), compared like with like. */
  config: unknown;
}

export function findDrift(stored: DriftSubject, current: DriftSubject): string[] {
  const problems: string[] = [];
  const before = new Map(stored.inputs.map((input) => [input.path, input]));
  const after = new Map(current.inputs.map((input) => [input.path, input]));
  for (const [path, input] of before) {
    const now = after.get(path);
    if (!now) problems.push(`input ${path} was removed`);
    else if (now.sha256 !== input.sha256) {
      problems.push(`input ${path} changed (sha256 ${short(input.sha256)} → ${short(now.sha256)})`);
    }
  }
  for (const path of after.keys()) {
    if (!before.has(path)) problems.push(`input ${path} was added`);
  }
  if (stored.configFingerprint !== current.configFingerprint) {
    const changes = diffConfig(stored.config, current.config);
    problems.push(
      changes.length > 0
        ? `config changed: ${changes.map(describeChange).join(", ")}`
        : "config changed in a redacted (secret) value",
    );
  }
  return problems;
}

export interface ConfigChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** Dotted paths whose values differ; arrays are compared whole so the path names the list. */
export function diffConfig(before: unknown, after: unknown, prefix = ""): ConfigChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) =>
      diffConfig(before[key], after[key], prefix ? `${prefix}.${key}` : key),
    );
  }
  if (sameValue(before, after)) return [];
  return [{ path: prefix || "(root)", before, after }];
}

function describeChange(change: ConfigChange): string {
  const key = change.path.split(".").at(-1) ?? change.path;
  if (isSecretKey(key) || looksRedacted(change.before) || looksRedacted(change.after)) {
    return `${change.path} (secret, value not shown)`;
  }
  return `${change.path} (${display(change.before)} → ${display(change.after)})`;
}

function display(value: unknown): string {
  if (value === undefined) return "unset";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function looksRedacted(value: unknown): boolean {
  return typeof value === "string" && value.includes("[REDACTED");
}

function sameValue(before: unknown, after: unknown): boolean {
  if (before === after) return true;
  if (before === undefined || after === undefined) return false;
  try {
    return canonicalJson(before) === canonicalJson(after);
  } catch {
    return false;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function short(sha256: string): string {
  return sha256.slice(0, 8);
}
