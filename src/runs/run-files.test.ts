import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readJsonFile, scanJsonl, writeJsonAtomic } from "./run-files.js";

describe("run files", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "tracemill-files-"));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("cuts off a torn last line without a trailing newline", async () => {
    const path = join(root, "items.jsonl");
    await writeFile(path, '{"item":"a"}\n{"item":"b"}\n{"item":"c","rec');
    const scan = await scanJsonl(path, { repair: true });
    expect(scan.lines.map((line) => line.value)).toEqual([{ item: "a" }, { item: "b" }]);
    expect(scan.truncated).toEqual({ line: 3, bytes: '{"item":"c","rec'.length });
    expect(await readFile(path, "utf8")).toBe('{"item":"a"}\n{"item":"b"}\n');
  });

  it("cuts off an unparsable last line and reports the scan without repair untouched", async () => {
    const path = join(root, "items.jsonl");
    await writeFile(path, '{"item":"a"}\n{"item":\n');
    const dry = await scanJsonl(path, { repair: false });
    expect(dry.truncated?.line).toBe(2);
    expect(await readFile(path, "utf8")).toBe('{"item":"a"}\n{"item":\n');
    await scanJsonl(path, { repair: true });
    expect(await readFile(path, "utf8")).toBe('{"item":"a"}\n');
  });

  it("refuses corruption in the middle of a file", async () => {
    const path = join(root, "items.jsonl");
    await writeFile(path, '{"item":"a"}\nnot json\n{"item":"c"}\n');
    await expect(scanJsonl(path, { repair: true })).rejects.toThrow(
      /items\.jsonl:2: not valid JSON/,
    );
  });

  it("reads lines split across stream chunks and treats a missing file as empty", async () => {
    const path = join(root, "big.jsonl");
    const line = `${JSON.stringify({ item: "x", pad: "y".repeat(50_000) })}\n`;
    for (let index = 0; index < 5; index += 1) await appendFile(path, line);
    const scan = await scanJsonl(path, { repair: true });
    expect(scan.lines).toHaveLength(5);
    expect(scan.truncated).toBeUndefined();
    expect(await scanJsonl(join(root, "missing.jsonl"), { repair: true })).toEqual({ lines: [] });
  });

  it("rewrites JSON atomically and leaves no temp files", async () => {
    const path = join(root, "metrics.json");
    await writeJsonAtomic(path, { a: 1 });
    await writeJsonAtomic(path, { a: 2 });
    expect(await readJsonFile(path)).toEqual({ a: 2 });
    const { readdir } = await import("node:fs/promises");
    expect(await readdir(root)).toEqual(["metrics.json"]);
  });
});
