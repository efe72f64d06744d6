import { describe, expect, it } from "vitest";
import { createMemoryCache } from "../cache.js";
import type { Redactor } from "../redact.js";
import { createCachingEmbedder } from "./caching-embedder.js";
import { cosineSimilarity } from "./cosine-similarity.js";
import type { EmbeddingSource } from "./types.js";

/** A source whose vector spells out the text's length and first char, recording every batch. */
function fakeSource(
  overrides: Partial<EmbeddingSource> = {},
): EmbeddingSource & { batches: string[][] } {
  const batches: string[][] = [];
  return {
    provider: "fake",
    model: "m",
    dimensions: 3,
    offline: false,
    concurrency: 2,
    batches,
    async embedBatch(texts) {
      batches.push(texts);
      return {
        vectors: texts.map((text) => [text.length, text.charCodeAt(0), 1]),
        inputTokens: texts.length * 2,
      };
    },
    ...overrides,
  };
}

const secretRedactor: Redactor = {
  redactText: (text) => ({ text: text.replaceAll("secret", "[REDACTED]"), findings: [] }),
  redactValue: (value) => value,
};

describe("createCachingEmbedder", () => {
  it("batches distinct texts and returns vectors in input order", async () => {
    const source = fakeSource();
    const embedder = createCachingEmbedder(source, { batchSize: 2 });
    const texts = ["bb", "a", "ccc", "a", "dddd", "bb"];
    const progress: [number, number][] = [];
    const result = await embedder.embed(texts, {
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(source.batches.map((batch) => batch.length)).toEqual([2, 2]);
    expect(source.batches.flat().sort()).toEqual(["a", "bb", "ccc", "dddd"]);
    expect(result.vectors.map((vector) => vector[0])).toEqual([2, 1, 3, 1, 4, 2]);
    expect(result.usage).toEqual({ inputTokens: 8, cachedCount: 0, computedCount: 4 });
    expect(progress.map(([done]) => done).sort()).toEqual([2, 4]);
    expect(progress.every(([, total]) => total === 4)).toBe(true);
  });

  it("answers a rerun from the cache without calling the source", async () => {
    const cache = createMemoryCache();
    const first = fakeSource();
    await createCachingEmbedder(first, { batchSize: 8, cache }).embed(["x", "yy"]);
    const second = fakeSource();
    const result = await createCachingEmbedder(second, { batchSize: 8, cache }).embed(["yy", "x"]);
    expect(second.batches).toEqual([]);
    expect(result.usage).toEqual({ inputTokens: 0, cachedCount: 2, computedCount: 0 });
    expect(Array.from(result.vectors[0] ?? [])).toEqual([2, 121, 1]);
  });

  it("embeds empty and blank texts to zero vectors without a model call", async () => {
    const source = fakeSource();
    const result = await createCachingEmbedder(source, { batchSize: 4 }).embed(["", "  ", "hi"]);
    expect(source.batches).toEqual([["hi"]]);
    expect(Array.from(result.vectors[0] ?? [])).toEqual([0, 0, 0]);
    expect(
      cosineSimilarity(result.vectors[1] as Float32Array, result.vectors[2] as Float32Array),
    ).toBe(0);
  });

  it("redacts texts for sources that leave the process, and not for offline ones", async () => {
    const remote = fakeSource();
    await createCachingEmbedder(remote, { batchSize: 4, redactor: secretRedactor }).embed([
      "my secret",
    ]);
    expect(remote.batches).toEqual([["my [REDACTED]"]]);
    const local = fakeSource({ offline: true });
    await createCachingEmbedder(local, { batchSize: 4, redactor: secretRedactor }).embed([
      "my secret",
    ]);
    expect(local.batches).toEqual([["my secret"]]);
  });

  it("rejects vectors whose dimension changes, and short answers", async () => {
    const ragged = fakeSource({
      dimensions: 0,
      async embedBatch(texts) {
        return {
          vectors: texts.map((text) => (text === "odd" ? [1, 2] : [1, 2, 3])),
          inputTokens: 0,
        };
      },
    });
    await expect(
      createCachingEmbedder(ragged, { batchSize: 4 }).embed(["even", "odd"]),
    ).rejects.toThrow(/inconsistent dimension: expected 3, got 2/);
    const short = fakeSource({
      embedBatch: async () => ({ vectors: [[1, 2, 3]], inputTokens: 0 }),
    });
    await expect(createCachingEmbedder(short, { batchSize: 4 }).embed(["a", "b"])).rejects.toThrow(
      /1 vectors for 2 texts/,
    );
  });

  it("stops before the next batch once aborted", async () => {
    const controller = new AbortController();
    const source = fakeSource({ concurrency: 1 });
    const embedder = createCachingEmbedder(source, { batchSize: 1 });
    const run = embedder.embed(["a", "b", "c"], {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toThrow();
    expect(source.batches.length).toBe(1);
  });
});

describe("cosineSimilarity", () => {
  it("is 1 for parallel, -1 for opposite, 0 for orthogonal vectors", () => {
    expect(cosineSimilarity(Float32Array.of(1, 2), Float32Array.of(2, 4))).toBeCloseTo(1, 6);
    expect(cosineSimilarity(Float32Array.of(1, 0), Float32Array.of(-3, 0))).toBeCloseTo(-1, 6);
    expect(cosineSimilarity(Float32Array.of(1, 0), Float32Array.of(0, 5))).toBe(0);
  });

  it("refuses vectors of different length", () => {
    expect(() => cosineSimilarity(Float32Array.of(1), Float32Array.of(1, 2))).toThrow(
      /differ in length/,
    );
  });
});
