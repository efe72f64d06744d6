import { TracemillError } from "./errors.js";

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members dropped
 * (as JSON.stringify does). Non-finite numbers are refused because they would not round-trip.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, "$");
}

function serialize(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) {
        throw new TracemillError("input_invalid", `canonical JSON: non-finite number at ${path}`);
      }
      return JSON.stringify(value);
    case "bigint":
      return value.toString();
    case "object": {
      if (Array.isArray(value)) {
        return `[${value.map((item, index) => (item === undefined ? "null" : serialize(item, `${path}[${index}]`))).join(",")}]`;
      }
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
        return serialize((value as { toJSON: () => unknown }).toJSON(), path);
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, member]) => member !== undefined && typeof member !== "function")
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${serialize(member, `${path}.${key}`)}`).join(",")}}`;
    }
    default:
      throw new TracemillError(
        "input_invalid",
        `canonical JSON: cannot encode ${typeof value} at ${path}`,
      );
  }
}
