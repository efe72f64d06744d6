import { TracemillError } from "../../core/errors.js";
import { jsonSchemaFor, type PublishedSchemaName } from "../../core/json-schema.js";
import { publishedSchemaNames } from "../../core/published-schema-names.js";

/** `schema <name>` (loaded when the command runs; the options live in schema-command.ts). */
export async function schemaAction(name: string): Promise<void> {
  if (!(publishedSchemaNames as readonly string[]).includes(name)) {
    throw new TracemillError(
      "input_invalid",
      `unknown schema "${name}"; choose one of: ${publishedSchemaNames.join(", ")}`,
    );
  }
  // Always JSON: a schema has no human rendering.
  process.stdout.write(`${JSON.stringify(jsonSchemaFor(name as PublishedSchemaName), null, 2)}\n`);
}
