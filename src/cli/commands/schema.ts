import { readFile } from "node:fs/promises";
import { TracemillError } from "../../core/errors.js";
import { publishedSchemaNames } from "../../core/published-schema-names.js";

/** Where the build wrote the schemas (dist/schemas, beside dist/cli). */
const schemaDirectory = new URL("../../schemas/", import.meta.url);

/** `schema <name>` (loaded when the command runs; the options live in schema-command.ts). */
export async function schemaAction(name: string): Promise<void> {
  if (!(publishedSchemaNames as readonly string[]).includes(name)) {
    throw new TracemillError(
      "input_invalid",
      `unknown schema "${name}"; choose one of: ${publishedSchemaNames.join(", ")}`,
    );
  }
  // Always JSON: a schema has no human rendering.
  process.stdout.write(await schemaText(name));
}

/**
 * The file the build wrote (no zod at run time); from sources, or a build without the schema
 * step, the schema is converted here as before.
 */
async function schemaText(name: string): Promise<string> {
  try {
    return await readFile(new URL(`${name}.json`, schemaDirectory), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const { jsonSchemaFor, schemaFileText } = await import("../../core/json-schema.js");
    return schemaFileText(jsonSchemaFor(name as (typeof publishedSchemaNames)[number]));
  }
}
