import { mkdir, writeFile } from "node:fs/promises";
import { jsonSchemaFor, schemaFileText } from "../core/json-schema.js";
import { publishedSchemaNames } from "../core/published-schema-names.js";

/**
 * Build step (`npm run build` runs it after tsc): writes dist/schemas/<name>.json for every
 * published schema, so `tracemill schema <name>` prints a file instead of loading zod and
 * converting the schemas at every call (issue 20).
 */
const directory = new URL("../schemas/", import.meta.url);
await mkdir(directory, { recursive: true });
for (const name of publishedSchemaNames) {
  await writeFile(new URL(`${name}.json`, directory), schemaFileText(jsonSchemaFor(name)));
}
