import { describe, expect, it } from "vitest";
import { createOfflineEmbeddingSource } from "./offline-embedder.js";
import { createWorkerPoolSource, workerScriptPath } from "./worker-pool-source.js";

describe("the offline embedder on worker threads", () => {
  it("finds the compiled worker script (npm test builds before it runs)", () => {
    expect(workerScriptPath()).toMatch(/dist[\\/]model[\\/]embedders[\\/]use-worker\.js$/);
  });

  it("gives the same vectors as the in-process model, in order, with batches in parallel", async () => {
    const script = workerScriptPath();
    if (script === undefined) throw new Error("build first: dist/model/embedders/use-worker.js");
    const pool = createWorkerPoolSource("use-512", { workers: 2, script });
    const local = createOfflineEmbeddingSource("use-512");
    const texts = [
      "fix the failing unit test in the parser",
      "a recipe for sourdough bread",
      "plan a three day trip to Lisbon",
      "explain the tax on capital gains",
    ];
    try {
      expect(pool.concurrency).toBe(2);
      const [first, second] = await Promise.all([
        pool.embedBatch(texts.slice(0, 2), undefined),
        pool.embedBatch(texts.slice(2), undefined),
      ]);
      const pooled = [...first.vectors, ...second.vectors];
      const inProcess = (await local.embedBatch(texts, undefined)).vectors;
      expect(pooled).toHaveLength(4);
      pooled.forEach((vector, index) => {
        expect(vector).toHaveLength(512);
        const reference = inProcess[index] as number[];
        const largest = Math.max(
          ...vector.map((value, at) => Math.abs(value - (reference[at] as number))),
        );
        expect(largest).toBeLessThan(1e-4);
      });
      expect(pool.backend).toBe("wasm");
    } finally {
      await pool.close?.();
    }
  });
});
