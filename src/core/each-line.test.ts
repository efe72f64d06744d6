import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { eachLine, lineBatches, type NumberedLine } from "./each-line.js";

const dir = await mkdtemp(join(tmpdir(), "tracemill-each-line-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function linesOf(content: string | Buffer, chunkBytes?: number) {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}`);
  await writeFile(path, content);
  const seen: [number, string][] = [];
  let bytes = 0;
  const count = await eachLine(path, (text, line) => seen.push([line, text]), {
    chunkBytes,
    onChunk: (chunk) => {
      bytes += chunk.length;
    },
  });
  return { seen, count, bytes };
}

describe("eachLine", () => {
  it("numbers lines from 1, keeps blank lines, drops the \\r of CRLF, reads a last line without newline", async () => {
    const { seen, count } = await linesOf("a\r\n\nb\nc");
    expect(seen).toEqual([
      [1, "a"],
      [2, ""],
      [3, "b"],
      [4, "c"],
    ]);
    expect(count).toBe(4);
  });

  it("an empty file has no lines; a final newline adds none", async () => {
    expect((await linesOf("")).seen).toEqual([]);
    expect((await linesOf("x\n")).seen).toEqual([[1, "x"]]);
  });

  it("decodes characters split across chunks and joins lines longer than a chunk", async () => {
    const long = "é".repeat(5000);
    const content = `${long}\n日本語 ✓\n${"z".repeat(10_000)}`;
    for (const chunkBytes of [1, 3, 7, 64, 1 << 20]) {
      const { seen, bytes } = await linesOf(content, chunkBytes);
      expect(seen.map(([, text]) => text)).toEqual([long, "日本語 ✓", "z".repeat(10_000)]);
      expect(bytes).toBe(Buffer.byteLength(content));
    }
  });

  it("reads lines across the 64 KiB slices a large read is decoded in, characters split included", async () => {
    // 65,535 ASCII bytes then "é" (2 bytes): the character straddles the first slice's end.
    const first = `${"a".repeat(65_535)}é`;
    const lines = [
      first,
      "b".repeat(200_000),
      "ü✓",
      ...Array.from({ length: 3000 }, (_, i) => `l${i}`),
    ];
    const { seen, count } = await linesOf(lines.join("\n"));
    expect(count).toBe(lines.length);
    expect(seen.map(([, text]) => text)).toEqual(lines);
  });

  it("stops at an error thrown for a line and passes it on", async () => {
    const path = join(dir, "throws");
    await writeFile(path, "1\n2\n3\n");
    const seen: string[] = [];
    await expect(
      eachLine(path, (text) => {
        if (text === "2") throw new Error("line 2 is bad");
        seen.push(text);
      }),
    ).rejects.toThrow("line 2 is bad");
    expect(seen).toEqual(["1"]);
  });

  it("a missing file is an error", async () => {
    await expect(eachLine(join(dir, "missing"), () => {})).rejects.toThrow(/ENOENT/);
  });
});

describe("lineBatches", () => {
  it("yields the lines one batch per chunk read, numbered across batches like eachLine", async () => {
    const path = join(dir, "batches");
    await writeFile(path, "one\ntwo\nthree\r\nfour");
    const batches: NumberedLine[][] = [];
    for await (const batch of lineBatches(path, { chunkBytes: 8 })) batches.push(batch);
    // 8-byte chunks: "one\ntwo\n" | "three\r\nf" | "our"
    expect(batches).toEqual([
      [
        { line: 1, text: "one" },
        { line: 2, text: "two" },
      ],
      [{ line: 3, text: "three" }],
      [{ line: 4, text: "four" }],
    ]);
  });
});
