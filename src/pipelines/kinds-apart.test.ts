import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Each kind's pipeline (src/pipelines/<kind>/) stands on the shared modules (src/core, src/privacy,
 * src/model, src/runs, …), never on another kind's pipeline: what two kinds share moves to a
 * neutral module (as `redactTrace` moved to src/privacy), so the folders can change apart.
 */
const pipelines = fileURLToPath(new URL("./", import.meta.url));
const kinds = readdirSync(pipelines, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .filter(
      (entry) => !entry.name.endsWith(".test.ts") && !entry.parentPath.includes("__fixtures__"),
    )
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("pipeline folders", () => {
  it("are the five kinds", () => {
    expect(kinds.sort()).toEqual(["conversations", "devtrace", "export", "robot", "screen"]);
  });

  it("import no other kind's pipeline", () => {
    const crossings: string[] = [];
    for (const kind of kinds) {
      const others = kinds.filter((other) => other !== kind);
      // A sibling kind (`../screen/…`) or a path through src/pipelines; `../../export/` is the
      // firewall in src/export, a shared module.
      const pattern = new RegExp(`from "(?:\\.\\./|[./]*pipelines/)(${others.join("|")})/`);
      for (const file of sourceFiles(join(pipelines, kind))) {
        const match = pattern.exec(readFileSync(file, "utf8"));
        if (match !== null)
          crossings.push(`${kind}/${file.slice(join(pipelines, kind).length + 1)} → ${match[1]}`);
      }
    }
    expect(crossings).toEqual([]);
  });
});
