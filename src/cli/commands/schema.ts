import type { Command } from "commander";
import { TracemillError } from "../../core/errors.js";
import {
  jsonSchemaFor,
  type PublishedSchemaName,
  publishedSchemas,
} from "../../core/json-schema.js";

export function registerSchemaCommand(program: Command): void {
  const names = Object.keys(publishedSchemas);
  program
    .command("schema")
    .description(`print the JSON Schema of a tracemill document (${names.join(", ")})`)
    .argument("<name>", names.join("|"))
    .action((name: string) => {
      if (!(name in publishedSchemas)) {
        throw new TracemillError(
          "input_invalid",
          `unknown schema "${name}"; choose one of: ${names.join(", ")}`,
        );
      }
      // Always JSON: a schema has no human rendering.
      process.stdout.write(
        `${JSON.stringify(jsonSchemaFor(name as PublishedSchemaName), null, 2)}\n`,
      );
    });
}
