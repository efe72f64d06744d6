/**
 * The names `tracemill schema <name>` accepts, without zod: the CLI lists them in its help, which
 * must not load the schemas themselves. json-schema.ts checks that its table has exactly these keys.
 */
export const publishedSchemaNames = ["trace", "grade", "rubric", "dataset-row", "config"] as const;
export type PublishedSchemaName = (typeof publishedSchemaNames)[number];
