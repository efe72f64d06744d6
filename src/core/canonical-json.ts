import { TracemillError } from "./errors.js";

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members dropped
 * (as JSON.stringify does). Non-finite numbers are refused because they would not round-trip.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, []);
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
