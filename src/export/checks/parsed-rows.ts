import type { z } from "zod";

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
