import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { jsonSchemaFor, schemaFileText } from "../../core/json-schema.js";
import { publishedSchemaNames } from "../../core/published-schema-names.js";
import { runCli } from "../../test-support/run-cli.js";

/** `npm run build` writes dist/schemas; the CLI prints those files, which must match the zod schemas. */
describe("tracemill schema <name> from the files the build wrote", () => {
  it("prints, for every published schema, exactly what the zod schema converts to", async () => {
    for (const name of publishedSchemaNames) {
      expect(existsSync(new URL(`../../../dist/schemas/${name}.json`, import.meta.url)), name).toBe(
        true,
      );
      const result = await runCli(["schema", name]);
      expect(result.code, name).toBe(0);
      expect(result.stdout, name).toBe(schemaFileText(jsonSchemaFor(name)));
    }
  }, 60_000);
});
