import { cp, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-support/run-cli.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The README's tour, as written: the first ```sh block under "## A short tour", one command per
 * `npx tracemill` line (backslash continuations joined, trailing `# comments` dropped).
 */
function tourCommands(readme: string): string[][] {
  const section = readme.slice(readme.indexOf("## A short tour"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  const joined = block.replace(/\\\n\s*/g, " ");
  return joined
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("npx tracemill "))
    .map((line) => shellWords(line.replace(/\s+#.*$/, "")).slice(2));
}

/** Splits a command line into words, honouring double and single quotes (no expansions). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    words.push(match[1] ?? match[2] ?? match[3] ?? "");
  }
  return words;
}

describe("the README tour", () => {
  let cwd: string;
  beforeAll(async () => {
    // A folder like a fresh clone's: the committed examples, nothing generated yet.
    cwd = await mkdtemp(join(tmpdir(), "tracemill-tour-"));
    await symlink(join(repo, "examples"), join(cwd, "examples"));
    await cp(join(repo, "README.md"), join(cwd, "README.md"));
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it("is extracted from README.md", async () => {
    const commands = tourCommands(await readFile(join(repo, "README.md"), "utf8"));
    expect(commands.length).toBeGreaterThan(10);
    expect(commands).toContainEqual([
      "model",
      "try",
      "--provider",
      "offline:default",
      "--prompt",
      "Say hi",
    ]);
    // Nothing to fill in: a tour command runs as written.
    for (const command of commands) expect(command.join(" ")).not.toMatch(/[<>…]/);
  });

  it("runs every command as written after `npx tracemill demo`", async () => {
    const demo = await runCli(["demo"], { cwd, timeoutMs: 600_000 });
    expect(demo.code, demo.stderr).toBe(0);
    const commands = tourCommands(await readFile(join(repo, "README.md"), "utf8"));
    for (const command of commands) {
      const result = await runCli(command, { cwd, timeoutMs: 600_000 });
      expect(result.code, `npx tracemill ${command.join(" ")}\n${result.stderr}`).toBe(0);
    }
  }, 1_200_000);
});
