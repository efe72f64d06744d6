import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configSchema } from "../../core/config.js";
import { createMemoryCache } from "../cache.js";
import { cosineSimilarity } from "./cosine-similarity.js";
import { createEmbedder } from "./create-embedder.js";
import { createOfflineEmbeddingSource } from "./offline-embedder.js";
import type { Embedder } from "./types.js";

const defaults = configSchema.parse({}).embedder;
const fetchedUrls: string[] = [];
const realFetch = globalThis.fetch;
let embedder: Embedder;
let backend: string;

beforeAll(async () => {
  // Any http(s) fetch during model load fails the load, and is recorded for the assertion below.
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    fetchedUrls.push(url);
    if (/^https?:/i.test(url)) throw new Error(`network access during offline load: ${url}`);
    return realFetch(input, init);
  }) as typeof fetch;
  try {
    const source = createOfflineEmbeddingSource("use-512");
    backend = await source.warmUp();
    embedder = await createEmbedder(defaults);
    await embedder.embed(["warm up"]);
  } finally {
    globalThis.fetch = realFetch;
  }
}, 120_000);

afterAll(() => {
  globalThis.fetch = realFetch;
});

describe("offline:use-512", () => {
  it("is the default and loads from node_modules with no network, on the wasm backend", () => {
    expect(defaults.provider).toBe("offline:use-512");
    expect(fetchedUrls.filter((url) => /^https?:/i.test(url))).toEqual([]);
    expect(backend).toBe("wasm");
    expect(embedder.offline).toBe(true);
    expect(embedder.dimensions).toBe(512);
  });

  it("embeds to 512-d unit-length vectors, deterministically", async () => {
    const text = "The quick brown fox jumps over the lazy dog.";
    const first = await embedder.embed([text]);
    const second = await (await createEmbedder(defaults)).embed(["something else", text]);
    const a = first.vectors[0] as Float32Array;
    const b = second.vectors[1] as Float32Array;
    expect(a.length).toBe(512);
    expect(Math.hypot(...a)).toBeCloseTo(1, 2);
    expect(
      Math.max(...a.map((value, index) => Math.abs(value - (b[index] as number)))),
    ).toBeLessThan(1e-5);
    expect(first.usage.inputTokens).toBeGreaterThan(5);
  });

  it("places paraphrases closer than unrelated sentences", async () => {
    const { vectors } = await embedder.embed([
      "How do I reset my password?",
      "I forgot my login password",
      "The weather in Paris is sunny",
    ]);
    const [question, paraphrase, weather] = vectors as [Float32Array, Float32Array, Float32Array];
    const close = cosineSimilarity(question, paraphrase);
    const far = cosineSimilarity(question, weather);
    expect(close).toBeGreaterThan(far + 0.2);
  });

  it("returns vectors in input order across batches, equal to embedding each text alone", async () => {
    const texts = Array.from(
      { length: 7 },
      (_, index) => `ticket ${index}: the printer on floor ${index} is jammed`,
    );
    const batched = await (await createEmbedder({ ...defaults, batchSize: 3 })).embed(texts);
    for (const [index, text] of texts.entries()) {
      const alone = (await embedder.embed([text])).vectors[0] as Float32Array;
      expect(cosineSimilarity(batched.vectors[index] as Float32Array, alone)).toBeGreaterThan(
        0.99999,
      );
    }
    expect(batched.usage.computedCount).toBe(7);
  });

  it("computes nothing on a rerun with a cache", async () => {
    const cache = createMemoryCache();
    const texts = ["refund request for order 1234", "where is my parcel", "cancel my subscription"];
    const first = await (await createEmbedder(defaults, { cache })).embed(texts);
    const batches: number[] = [];
    const rerun = await (await createEmbedder(defaults, { cache })).embed(texts, {
      onProgress: (done) => batches.push(done),
    });
    expect(first.usage.computedCount).toBe(3);
    expect(rerun.usage).toEqual({ inputTokens: 0, cachedCount: 3, computedCount: 0 });
    expect(batches).toEqual([3]);
    expect(Array.from(rerun.vectors[2] ?? [])).toEqual(Array.from(first.vectors[2] ?? []));
  });

  it("refuses an unknown offline model and a second backend in the same process", async () => {
    expect(() => createOfflineEmbeddingSource("use-1024")).toThrow(
      /unknown offline embedding model/,
    );
    await expect(
      createOfflineEmbeddingSource("use-512", { backend: "cpu" }).warmUp(),
    ).rejects.toThrow(/already runs on the wasm backend/);
  });
});
