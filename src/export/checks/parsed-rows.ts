import type { z } from "zod";
import { canonicalJson, canonicalObjectJson } from "../../core/canonical-json.js";

/**
 * Rows that came out of a row schema's parse, remembered per object so the writer need not parse
 * the same object with the same schema a second time (a zod parse was a fifth of an export's
 * time). Only the exact object zod returned is remembered, in a WeakMap, so a row that was
 * rebuilt or came from elsewhere (an injected exporter, a test) is still parsed before it is
 * written. Exporters do not touch a row after parsing it.
 */
const parsedBy = new WeakMap<object, z.ZodType>();

export function parseRow<Schema extends z.ZodType>(
  schema: Schema,
  candidate: unknown,
): z.ZodSafeParseResult<z.output<Schema>> {
  const parsed = schema.safeParse(candidate);
  if (parsed.success && typeof parsed.data === "object" && parsed.data !== null)
    parsedBy.set(parsed.data, schema);
  return parsed;
}

/** True when `row` is the very object `schema` returned from `parseRow`. */
export function parsedWith(row: object, schema: z.ZodType): boolean {
  return parsedBy.get(row) === schema;
}

/**
 * Canonical JSON texts of some of a row's members, made while the row was built (SFT messages
 * for the row id): the writer splices them in instead of serialising those members again. Same
 * rule as above: only for the exact object, which nobody changes afterwards.
 */
const memberTexts = new WeakMap<object, Readonly<Record<string, string>>>();

export function rememberMemberJson(row: object, texts: Readonly<Record<string, string>>): void {
  memberTexts.set(row, texts);
}

/** Known member texts of `row`, if its exporter left any. */
export function knownMemberJson(row: unknown): Readonly<Record<string, string>> | undefined {
  return typeof row === "object" && row !== null ? memberTexts.get(row) : undefined;
}

/** `canonicalJson(row)`, reusing member texts its exporter already made. */
export function rowJson(row: unknown): string {
  const known = knownMemberJson(row);
  return known === undefined
    ? canonicalJson(row)
    : canonicalObjectJson(row as Record<string, unknown>, known);
}
