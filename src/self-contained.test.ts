import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

/**
 * Issue 13: tests and benches read only files inside the repository. A fresh clone has no
 * `shared` folder beside it (the samples the tests use live in test/fixtures/samples/), so no
 * code under src/, test/ or bench/ may name it. Documentation (Markdown) may say where a fixture
 * came from.
 */
const root = fileURLToPath(new URL("../", import.meta.url));
// Spelled in pieces so this file does not name the folder itself.
const forbidden = [["..", "shared"].join("/"), ["", "work", "shared"].join("/")];
const codeExtensions = new Set([".ts", ".tsx", ".js", ".mjs", ".cjs", ".json", ".sh", ".jsonl"]);
const skippedFolders = new Set(["node_modules", "dist", "dist-bench", ".git"]);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skippedFolders.has(entry.name)) files.push(...(await filesUnder(path)));
    } else if (codeExtensions.has(extname(entry.name))) files.push(path);
  }
  return files;
}

/** Files (relative to `base`) under `folders` whose text names a folder outside the repository. */
async function outsideReferences(base: string, folders: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const folder of folders) {
    for (const file of await filesUnder(join(base, folder))) {
      const text = await readFile(file, "utf8");
      if (forbidden.some((needle) => text.includes(needle))) found.push(relative(base, file));
    }
  }
  return found.sort();
}

let planted: string | undefined;
afterAll(async () => {
  if (planted) await rm(planted, { recursive: true, force: true });
});

describe("tests and benches are self-contained", () => {
  it("no file under src/, test/ or bench/ (nor the test config) reads the shared folder beside the repo", async () => {
    const files = await filesUnder(join(root, "src"));
    expect(files.length).toBeGreaterThan(100);
    expect(await outsideReferences(root, ["src", "test", "bench"])).toEqual([]);
    for (const config of ["vitest.config.ts", "package.json"]) {
      const text = await readFile(join(root, config), "utf8");
      expect(
        forbidden.filter((needle) => text.includes(needle)),
        config,
      ).toEqual([]);
    }
  });

  it("the scan finds a planted reference (in code, not in a note)", async () => {
    planted = await mkdtemp(join(tmpdir(), "tracemill-self-contained-"));
    await mkdir(join(planted, "src", "nested"), { recursive: true });
    await writeFile(join(planted, "src", "nested", "a.test.ts"), `read("${forbidden[0]}/x")`);
    await writeFile(join(planted, "src", "nested", "b.ts"), `const p = "${forbidden[1]}/y";`);
    await writeFile(join(planted, "src", "nested", "NOTE.md"), `from ${forbidden[1]}/samples`);
    await writeFile(join(planted, "src", "clean.ts"), "export const x = 1;");
    expect(await outsideReferences(planted, ["src"])).toEqual([
      join("src", "nested", "a.test.ts"),
      join("src", "nested", "b.ts"),
    ]);
  });
});
