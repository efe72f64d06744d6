import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { exitStatuses } from "../core/errors.js";

const cliDir = fileURLToPath(new URL(".", import.meta.url));
const correctDir = fileURLToPath(new URL("../correct/", import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
    .map((name) => join(dir, name));
}

/** Exit codes come from the error family (src/core/errors.ts), never from a number in a command. */
describe("exit codes by name", () => {
  it("no command sets a literal exit code", async () => {
    const literal =
      /process\.exitCode\s*=\s*\d|process\.exit\(\s*\d|return\s+(?:1|6[4-9]|7[0-8])\s*;/;
    const offenders: string[] = [];
    for (const file of [...(await sourceFiles(cliDir)), ...(await sourceFiles(correctDir))]) {
      const lines = (await readFile(file, "utf8")).split("\n");
      lines.forEach((line, index) => {
        if (literal.test(line)) offenders.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it("docs/cli.md's table lists the statuses that are not an error's", async () => {
    const doc = await readFile(new URL("../../docs/cli.md", import.meta.url), "utf8");
    const section = doc.slice(doc.indexOf("## Exit codes"), doc.indexOf("## Commands"));
    const documented = new Set(
      section.split("\n").flatMap((row) => {
        const match = /^\| (\d+)\s+\|/.exec(row);
        return match ? [Number(match[1])] : [];
      }),
    );
    for (const status of Object.values(exitStatuses)) expect(documented.has(status)).toBe(true);
  });
});
