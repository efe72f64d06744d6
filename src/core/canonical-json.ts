import { TracemillError } from "./errors.js";

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members dropped
 * (as JSON.stringify does). Non-finite numbers are refused because they would not round-trip.
 */
export function canonicalJson(value: unknown): string {
  // Fast path: a tree of plain objects, arrays, strings, finite numbers, booleans and null, with
  // no integer-like keys, is put in sorted key order (copying only the objects that are not) and
  // handed to the native JSON.stringify, which then writes exactly the canonical text. Anything
  // else (Dates, toJSON, bigint, non-finite numbers, functions in arrays, keys like "10" that
  // V8 would reorder) takes the general serializer below, which also names the path in errors.
  const sorted = sortedTree(value);
  return sorted === unsupported ? serialize(value, []) : JSON.stringify(sorted);
}

/**
 * `canonicalJson(record)` for a plain object some of whose members' canonical texts the caller
 * already has (a row whose messages were serialised for its id): those are spliced in instead
 * of serialised again. `known` must hold exactly `canonicalJson(record[key])` for each key in it.
 */
export function canonicalObjectJson(
  record: Readonly<Record<string, unknown>>,
  known: Readonly<Record<string, string>>,
): string {
  if (typeof record.toJSON === "function") return canonicalJson(record);
  const keys = sortedKeys(Object.keys(record));
  let text = "";
  try {
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index] as string;
      // An own "__proto__" key is rare and needs the general serializer: leave it to canonicalJson.
      if (key === "__proto__") return canonicalJson(record);
      const member = record[key];
      if (member === undefined || typeof member === "function") continue;
      // hasOwn, not `??`: a key like "toString" must not find Object.prototype's member.
      const memberText = Object.hasOwn(known, key)
        ? (known[key] as string)
        : typeof member === "string"
          ? JSON.stringify(member)
          : canonicalJson(member);
      text += `${text === "" ? "{" : ","}${JSON.stringify(key)}:${memberText}`;
    }
  } catch {
    // Serialise the whole object again so the error names the full path to the bad value.
    return canonicalJson(record);
  }
  return text === "" ? "{}" : `${text}}`;
}

/** Insertion sort by code unit, in place: a row's few keys sort faster than with a comparator. */
function sortedKeys(keys: string[]): string[] {
  for (let index = 1; index < keys.length; index++) {
    const key = keys[index] as string;
    let at = index - 1;
    while (at >= 0 && (keys[at] as string) > key) {
      keys[at + 1] = keys[at] as string;
      at--;
    }
    keys[at + 1] = key;
  }
  return keys;
}

/**
 * True when `copy` has the same canonical JSON as `original`: for checking that a validator's
 * output (a copy with unknown keys stripped) still matches text already made from its input.
 * Only plain JSON trees compare equal; anything else answers false, never throws.
 */
export function sameCanonicalJson(original: unknown, copy: unknown): boolean {
  if (typeof original !== "object" || original === null) {
    return original === copy && isPlainPrimitive(original);
  }
  if (typeof copy !== "object" || copy === null || hasToJson(original) || hasToJson(copy)) {
    return false;
  }
  if (Array.isArray(original)) {
    if (!Array.isArray(copy) || copy.length !== original.length) return false;
    for (let index = 0; index < original.length; index++) {
      if (!sameCanonicalJson(original[index], copy[index])) return false;
    }
    return true;
  }
  if (Array.isArray(copy)) return false;
  const left = original as Record<string, unknown>;
  const right = copy as Record<string, unknown>;
  let written = 0;
  for (const key of Object.keys(right)) {
    if (key === "__proto__") return false; // rare: the caller just serialises again
    const member = right[key];
    if (member === undefined || typeof member === "function") continue;
    written++;
    if (!Object.hasOwn(left, key) || !sameCanonicalJson(left[key], member)) return false;
  }
  for (const key of Object.keys(left)) {
    if (key === "__proto__") return false;
    const member = left[key];
    if (member !== undefined && typeof member !== "function") written--;
  }
  return written === 0;
}

function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}

/** A leaf canonicalJson writes as JSON.stringify does (undefined: an array hole, written null). */
function isPlainPrimitive(value: unknown): boolean {
  switch (typeof value) {
    case "undefined":
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    default:
      return value === null;
  }
}

const unsupported: unique symbol = Symbol("unsupported");

function sortedTree(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : unsupported;
    case "object":
      return Array.isArray(value) ? sortedArray(value) : sortedObject(value as object);
    default:
      return unsupported;
  }
}

function sortedArray(value: unknown[]): unknown {
  let copy: unknown[] | undefined;
  for (let index = 0; index < value.length; index++) {
    const item = value[index];
    if (item === undefined) continue; // JSON.stringify writes null, as serialize does
    const sorted = sortedTree(item);
    if (sorted === unsupported) return unsupported;
    if (sorted !== item) {
      copy ??= value.slice();
      copy[index] = sorted;
    }
  }
  return copy ?? value;
}

function sortedObject(value: object): unknown {
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return unsupported;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let inOrder = true;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    const first = key.charCodeAt(0);
    // Integer-like keys are enumerated numerically by V8 whatever the insertion order.
    if (first >= 48 && first <= 57) return unsupported;
    // An own "__proto__" key cannot be copied by assignment (it would set the copy's prototype).
    if (first === 95 && key === "__proto__") return unsupported;
    if (index > 0 && (keys[index - 1] as string) > key) inOrder = false;
  }
  if (!inOrder) keys.sort(byCodeUnit);
  let copy: Record<string, unknown> | undefined = inOrder ? undefined : {};
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    const member = record[key];
    if (member === undefined || typeof member === "function") {
      // JSON.stringify drops these members too; a copy in sorted order simply leaves them out.
      continue;
    }
    const sorted = sortedTree(member);
    if (sorted === unsupported) return unsupported;
    if (copy === undefined && sorted !== member) {
      copy = {};
      for (let earlier = 0; earlier < index; earlier++) {
        const earlierKey = keys[earlier] as string;
        const earlierMember = record[earlierKey];
        if (earlierMember !== undefined && typeof earlierMember !== "function")
          copy[earlierKey] = earlierMember;
      }
    }
    if (copy !== undefined) copy[key] = sorted;
  }
  return copy ?? value;
}

/** The path to the value being encoded, built into a string only for an error message. */
type Trail = (string | number)[];

function where(trail: Trail): string {
  return `$${trail.map((step) => (typeof step === "number" ? `[${step}]` : `.${step}`)).join("")}`;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function serialize(value: unknown, trail: Trail): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) {
        throw new TracemillError(
          "input_invalid",
          `canonical JSON: non-finite number at ${where(trail)}`,
        );
      }
      return JSON.stringify(value);
    case "bigint":
      return value.toString();
    case "object": {
      if (Array.isArray(value)) {
        let text = "[";
        for (let index = 0; index < value.length; index++) {
          if (index > 0) text += ",";
          const item = value[index];
          trail.push(index);
          text += item === undefined ? "null" : serialize(item, trail);
          trail.pop();
        }
        return `${text}]`;
      }
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
        return serialize((value as { toJSON: () => unknown }).toJSON(), trail);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort(byCodeUnit);
      let text = "{";
      let first = true;
      for (const key of keys) {
        const member = record[key];
        if (member === undefined || typeof member === "function") continue;
        trail.push(key);
        text += `${first ? "" : ","}${JSON.stringify(key)}:${serialize(member, trail)}`;
        trail.pop();
        first = false;
      }
      return `${text}}`;
    }
    default:
      throw new TracemillError(
        "input_invalid",
        `canonical JSON: cannot encode ${typeof value} at ${where(trail)}`,
      );
  }
}
