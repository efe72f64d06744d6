import { link, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";
import { writeJsonAtomic } from "./files.js";

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), "tracemill-json-file-"));
  temporary.push(path);
  return path;
}

describe("writeJsonAtomic (the one JSON writer)", () => {
  it("writes pretty JSON with a newline, or the caller's serialisation, and leaves no temporary", async () => {
    const dir = await tempDir();
    await writeJsonAtomic(join(dir, "a.json"), { b: 1, a: [2] });
    expect(await readFile(join(dir, "a.json"), "utf8")).toBe(
      '{\n  "b": 1,\n  "a": [\n    2\n  ]\n}\n',
    );
    await writeJsonAtomic(join(dir, "c.json"), { b: 1, a: 2 }, { serialize: canonicalJson });
    expect(await readFile(join(dir, "c.json"), "utf8")).toBe('{"a":2,"b":1}');
    expect((await readdir(dir)).sort()).toEqual(["a.json", "c.json"]);
  });

  it("replaces the file instead of writing through it (a hard link elsewhere keeps its bytes)", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "previous.json"), "old\n");
    await link(join(dir, "previous.json"), join(dir, "out.json"));
    await writeJsonAtomic(join(dir, "out.json"), { fresh: true });
    expect(await readFile(join(dir, "previous.json"), "utf8")).toBe("old\n");
    expect(JSON.parse(await readFile(join(dir, "out.json"), "utf8"))).toEqual({ fresh: true });
  });

  it("a failure is an io error naming the file, and leaves nothing behind", async () => {
    const dir = await tempDir();
    const failing = join(dir, "missing-folder", "x.json");
    await expect(writeJsonAtomic(failing, {})).rejects.toMatchObject({
      code: "io",
      message: expect.stringContaining(failing),
    });
    expect(await readdir(dir)).toEqual([]);
  });
});
