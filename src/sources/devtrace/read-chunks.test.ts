import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TracemillError } from "../../core/errors.js";
import { sampleChunksDir } from "./__fixtures__/devtrace-fixtures.js";
import { readChunkFolder } from "./read-chunks.js";

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(
    folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })),
  );
});

describe("readChunkFolder", () => {
  it("reads the sample chunks in name order", async () => {
    const { chunks, files, warnings } = await readChunkFolder(sampleChunksDir);
    expect(warnings).toEqual([]);
    expect(chunks.map((chunk) => chunk.chunk_id)).toEqual(["chunk-001", "chunk-002", "chunk-003"]);
    expect(files.map((file) => file.split("/").at(-1))).toEqual([
      "chunk_01.json",
      "chunk_02.json",
      "chunk_03.json",
    ]);
    expect(chunks.reduce((sum, chunk) => sum + chunk.events.length, 0)).toBe(10);
    expect(Object.keys(chunks[0]?.artifacts ?? {})).toEqual(["stdout_event_002"]);
  });

  it("turns a bad file into a warning naming it and reads the rest", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tracemill-chunks-"));
    folders.push(dir);
    await writeFile(
      join(dir, "b.json"),
      JSON.stringify({ chunk_id: "b", chunk_seq: 1, events: [] }),
    );
    await writeFile(join(dir, "a.json"), "{ not json");
    await writeFile(join(dir, "c.json"), JSON.stringify({ chunk_seq: "two", events: [] }));
    await writeFile(join(dir, "notes.txt"), "ignored");
    const { chunks, warnings } = await readChunkFolder(dir);
    expect(chunks.map((chunk) => chunk.chunk_id)).toEqual(["b"]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({ code: "chunk_unreadable", file: join(dir, "a.json") });
    expect(warnings[0]?.message).toContain("a.json: not JSON");
    expect(warnings[1]).toMatchObject({ code: "chunk_invalid", file: join(dir, "c.json") });
    expect(warnings[1]?.message).toContain("chunk_id");
  });

  it("throws not_found for a missing folder", async () => {
    await expect(readChunkFolder(join(tmpdir(), "tracemill-no-such-folder-x9"))).rejects.toThrow(
      TracemillError,
    );
  });
});
