import { appendFile, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Embedder } from "../../model/embedders/types.js";
import { embeddingFileNames, embedSummaries } from "./embed.js";

/** A deterministic embedder that counts what it was asked to embed. */
function countingEmbedder(): Embedder & { asked: string[] } {
  const asked: string[] = [];
  return {
    provider: "test",
    model: "hash-4",
    dimensions: 4,
    offline: true,
    asked,
    async embed(texts) {
      asked.push(...texts);
      return {
        vectors: texts.map((text) =>
          Float32Array.from([text.length, text.charCodeAt(0) || 0, 1, -1]),
        ),
        usage: { inputTokens: texts.length, cachedCount: 0, computedCount: texts.length },
        durationMs: 0,
      };
    },
  };
}

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("embedSummaries", () => {
  it("stores float32 rows with an index and embeds only what is missing or changed on a rerun", async () => {
    dir = await mkdtemp(join(tmpdir(), "tracemill-embed-"));
    const embedder = countingEmbedder();
    const items = [
      { id: "a", text: "alpha" },
      { id: "b", text: "beta" },
      { id: "c", text: "gamma!" },
    ];
    const first = await embedSummaries({ embedder, items, dir, batchSize: 2 });
    expect(first.computed).toBe(3);
    expect(Array.from(first.matrix.data.subarray(8, 12))).toEqual([6, 103, 1, -1]);
    expect((await stat(join(dir, embeddingFileNames.vectors))).size).toBe(3 * 4 * 4);

    embedder.asked.length = 0;
    const second = await embedSummaries({
      embedder,
      items: [items[0]!, { id: "b", text: "beta, changed" }, items[2]!, { id: "d", text: "delta" }],
      dir,
    });
    expect(embedder.asked).toEqual(["beta, changed", "delta"]);
    expect(second.reused).toBe(2);
    expect(Array.from(second.matrix.data.subarray(0, 4))).toEqual(
      Array.from(first.matrix.data.subarray(0, 4)),
    );
    expect(second.matrix.data[4]).toBe("beta, changed".length);
  });

  it("cuts a torn tail so index and vectors agree, and redoes the lost rows", async () => {
    dir = await mkdtemp(join(tmpdir(), "tracemill-embed-"));
    const embedder = countingEmbedder();
    const items = [
      { id: "a", text: "alpha" },
      { id: "b", text: "beta" },
    ];
    await embedSummaries({ embedder, items, dir });
    // A killed writer: half a vector and half an index line.
    await appendFile(join(dir, embeddingFileNames.vectors), Buffer.alloc(6));
    await appendFile(join(dir, embeddingFileNames.index), '{"conversation_id":"c","ro');
    embedder.asked.length = 0;
    const again = await embedSummaries({
      embedder,
      items: [...items, { id: "c", text: "c" }],
      dir,
    });
    expect(embedder.asked).toEqual(["c"]);
    expect(again.matrix.rows).toBe(3);
    const index = (await readFile(join(dir, embeddingFileNames.index), "utf8")).trim().split("\n");
    expect(index).toHaveLength(3);
    expect((await stat(join(dir, embeddingFileNames.vectors))).size).toBe(3 * 4 * 4);
  });
});
