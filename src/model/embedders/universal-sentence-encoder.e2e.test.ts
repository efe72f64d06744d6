import { describe, expect, it } from "vitest";
import { cosineSimilarity } from "./cosine-similarity.js";
import { loadUniversalSentenceEncoder } from "./universal-sentence-encoder.js";

// Its own file (so its own process): TensorFlow.js keeps one backend per process, and this one
// exercises the pure-JS cpu fallback that "auto" uses when wasm cannot start.
describe("universal sentence encoder on the cpu backend", () => {
  it("embeds with the same meaning-preserving geometry as on wasm", async () => {
    const encoder = await loadUniversalSentenceEncoder("cpu");
    expect(encoder.backend).toBe("cpu");
    const { vectors, inputTokens } = await encoder.embed([
      "How do I reset my password?",
      "I forgot my login password",
      "The weather in Paris is sunny",
    ]);
    const [question, paraphrase, weather] = vectors.map((vector) => Float32Array.from(vector)) as [
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    expect(question.length).toBe(512);
    expect(inputTokens).toBeGreaterThan(10);
    expect(cosineSimilarity(question, paraphrase)).toBeGreaterThan(
      cosineSimilarity(question, weather) + 0.2,
    );
  });

  it("keeps the loaded model and refuses to switch backends", async () => {
    const again = await loadUniversalSentenceEncoder("auto");
    expect(again.backend).toBe("cpu");
    await expect(loadUniversalSentenceEncoder("wasm")).rejects.toThrow(
      /already runs on the cpu backend/,
    );
  });
});
