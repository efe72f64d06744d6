import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

/**
 * Issue 13: `npm run test:quick` is the unit tests only. Whatever starts the built CLI, a product
 * server, a sandbox, a browser, Postgres, ffmpeg or an S3 emulator lives in a `*.e2e.test.ts`
 * file, which test:quick leaves out and `npm test` runs. (In-process test doubles on loopback,
 * such as the scripted OpenAI server, stay unit tests.)
 */
const root = fileURLToPath(new URL("../", import.meta.url));
const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
};

/** What a test file uses that makes it an end-to-end test. */
const e2eMarkers: [string, string][] = [
  ["test-support/run-cli", "the built CLI"],
  ["s3rver-harness", "an S3 emulator"],
  ["requireBwrap(", "the bubblewrap sandbox"],
  ["requirePytest(", "pytest in the sandbox"],
  ["requireFfmpeg(", "ffmpeg"],
  ["requirePostgres(", "a Postgres server"],
  ["requireChromium(", "a browser"],
  ["playwright", "a browser"],
];

async function testFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules")
      files.push(...(await testFiles(path)));
    else if (entry.name.endsWith(".test.ts")) files.push(path);
  }
  return files;
}

/** Unit test files (not *.e2e.test.ts) under `folders` that use an end-to-end marker. */
async function misplacedTests(base: string, folders: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const folder of folders) {
    for (const file of await testFiles(join(base, folder))) {
      if (file.endsWith(".e2e.test.ts") || file.endsWith("quick-suite.test.ts")) continue;
      const text = await readFile(file, "utf8");
      for (const [marker, what] of e2eMarkers) {
        if (text.includes(marker)) found.push(`${relative(base, file)} (${what})`);
      }
    }
  }
  return found.sort();
}

let planted: string | undefined;
afterAll(async () => {
  if (planted) await rm(planted, { recursive: true, force: true });
});

describe("the quick suite", () => {
  it("test:quick runs vitest without the *.e2e.test.ts files and without a build", () => {
    const quick = manifest.scripts["test:quick"] ?? "";
    expect(quick).toMatch(/^vitest run /);
    expect(quick).toContain('--exclude "**/*.e2e.test.ts"');
    expect(quick).not.toContain("build");
    expect(manifest.scripts.test).toBe("npm run build && vitest run");
  });

  it("holds no test that starts the CLI, a server, a sandbox, a browser or ffmpeg", async () => {
    expect((await testFiles(join(root, "src"))).length).toBeGreaterThan(100);
    expect(await misplacedTests(root, ["src", "test"])).toEqual([]);
  });

  it("the check finds such a test in a unit file and lets it be in an e2e file", async () => {
    planted = await mkdtemp(join(tmpdir(), "tracemill-quick-suite-"));
    await mkdir(join(planted, "src", "a"), { recursive: true });
    const usesCli = 'import { runCli } from "../test-support/run-cli.js";';
    await writeFile(join(planted, "src", "a", "view.test.ts"), usesCli);
    await writeFile(join(planted, "src", "a", "view.e2e.test.ts"), usesCli);
    await writeFile(join(planted, "src", "a", "pure.test.ts"), "expect(1).toBe(1);");
    expect(await misplacedTests(planted, ["src"])).toEqual([
      `${join("src", "a", "view.test.ts")} (the built CLI)`,
    ]);
  });
});
