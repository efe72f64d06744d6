import { mkdtemp, open, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseJsonObject, readJsonlLines } from "./jsonl-lines.js";

describe("readJsonlLines", () => {
  it("gives byte offsets that read each line back exactly, across read chunks and multi-byte text", async () => {
    const folder = await mkdtemp(join(tmpdir(), "tracemill-jsonl-"));
    const path = join(folder, "lines.jsonl");
    // Long multi-byte lines so lines straddle the 64 KiB read chunks; CRLF and blank lines too.
    const texts = Array.from({ length: 40 }, (_, index) =>
      JSON.stringify({ index, text: "é🙂x".repeat(1000 + index * 37) }),
    );
    await writeFile(path, `${texts.slice(0, 20).join("\r\n")}\n\n${texts.slice(20).join("\n")}`);
    const lines = [];
    for await (const line of readJsonlLines(path)) lines.push(line);
    expect(lines.map((line) => line.text)).toEqual(texts);
    expect(lines[20]?.line).toBe(22);
    const handle = await open(path, "r");
    try {
      for (const line of lines) {
        const buffer = Buffer.alloc(line.length);
        await handle.read(buffer, 0, line.length, line.offset);
        expect(buffer.toString("utf8")).toBe(line.text);
      }
    } finally {
      await handle.close();
    }
  });

  it("parses objects and refuses other JSON values", () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ value: { a: 1 } });
    expect(parseJsonObject("[1]")).toEqual({ error: "line is not a JSON object" });
    expect(parseJsonObject("{oops")).toHaveProperty("error");
  });
});
