import type { Command } from "commander";
import { publishedSchemaNames } from "../../core/published-schema-names.js";

export function registerSchemaCommand(program: Command): void {
  const names = publishedSchemaNames;
  program
    .command("schema")
    .description(`print the JSON Schema of a tracemill document (${names.join(", ")})`)
    .argument("<name>", names.join("|"))
    .action(async (name: string) => {
      const { schemaAction } = await import("./schema.js");
      await schemaAction(name);
    });
}
