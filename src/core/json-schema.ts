import { z } from "zod";
import { configSchema } from "./config.js";
import { datasetRowSchema } from "./dataset-row.js";
import { gradeSchema, rubricSchema } from "./grade.js";
import { traceSchema } from "./trace.js";

/** The documents whose JSON Schema `tracemill schema <name>` prints. */
export const publishedSchemas = {
  trace: traceSchema,
  grade: gradeSchema,
  rubric: rubricSchema,
  "dataset-row": datasetRowSchema,
  config: configSchema,
} as const;
export type PublishedSchemaName = keyof typeof publishedSchemas;

export function jsonSchemaFor(name: PublishedSchemaName): Record<string, unknown> {
  const schema = z.toJSONSchema(publishedSchemas[name], { io: "input", unrepresentable: "any" });
  return { ...schema, $id: `https://tracemill.dev/schema/${name}.json`, title: name };
}
