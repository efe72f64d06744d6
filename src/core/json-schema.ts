import { z } from "zod";
import { configSchema } from "./config.js";
import { datasetRowSchema } from "./dataset-row.js";
import { gradeSchema, rubricSchema } from "./grade.js";
import type { PublishedSchemaName } from "./published-schema-names.js";
import { traceSchema } from "./trace.js";

export type { PublishedSchemaName };

/** The documents whose JSON Schema `tracemill schema <name>` prints. */
export const publishedSchemas = {
  trace: traceSchema,
  grade: gradeSchema,
  rubric: rubricSchema,
  "dataset-row": datasetRowSchema,
  config: configSchema,
} as const satisfies Record<PublishedSchemaName, z.ZodType>;

export function jsonSchemaFor(name: PublishedSchemaName): Record<string, unknown> {
  const schema = z.toJSONSchema(publishedSchemas[name], { io: "input", unrepresentable: "any" });
  return { ...schema, $id: `https://tracemill.dev/schema/${name}.json`, title: name };
}

/** How a JSON Schema is printed and stored in dist/schemas: two-space indent, one final newline. */
export function schemaFileText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
