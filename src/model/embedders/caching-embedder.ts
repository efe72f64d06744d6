import pLimit from "p-limit";
import { TracemillError } from "../../core/errors.js";
import { disabledCache, type ResponseCache } from "../cache.js";
import { createRedactor, type Redactor } from "../redact.js";
import type { Embedder, EmbeddingSource, EmbedOptions, EmbedResult } from "./types.js";

/**
 * The part every embedder shares, whatever computes the vectors: redaction (for sources that
 * leave the process), de-duplication, the per-text cache, batching, progress, dimension checks
 * and putting the answers back in input order. Empty or whitespace-only texts never reach a
 * model: they embed to an all-zero vector (cosineSimilarity treats it as similar to nothing).
 */
export interface CachingEmbedderOptions {
  batchSize: number;
  cache?: ResponseCache;
  redactor?: Redactor;
}

export function embeddingCacheKey(provider: string, model: string, text: string): unknown {
  return { kind: "embedding", provider, model, text };
}

export function createCachingEmbedder(
  source: EmbeddingSource,
  options: CachingEmbedderOptions,
): Embedder {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
    throw new TracemillError(
      "config_invalid",
      `embedder batchSize must be a positive integer, got ${options.batchSize}`,
    );
  }
  const cache = options.cache ?? disabledCache;
  // Texts that leave the process are always redacted: the configured redactor, else the built-in one.
  const redactor = source.offline ? undefined : (options.redactor ?? createRedactor());
  const limit = pLimit(Math.max(1, source.concurrency));
  // Bounded, so a large call on the disk cache does not open a file per text at once.
  const cacheReads = pLimit(32);
  let learnedDimensions = source.dimensions;

  const acceptVector = (vector: unknown, text: string): number[] => {
    if (
      !Array.isArray(vector) ||
      vector.length === 0 ||
      !vector.every((value) => Number.isFinite(value))
    ) {
      throw new TracemillError(
        "model_output_invalid",
        `${describe(source)} returned a vector that is not a non-empty list of finite numbers for "${preview(text)}"`,
      );
    }
    if (learnedDimensions === 0) learnedDimensions = vector.length;
    if (vector.length !== learnedDimensions) {
      throw new TracemillError(
        "model_output_invalid",
        `${describe(source)} returned vectors of inconsistent dimension: expected ${learnedDimensions}, got ${vector.length} for "${preview(text)}"`,
        { details: { expected: learnedDimensions, actual: vector.length } },
      );
    }
    return vector as number[];
  };

  const embed = async (texts: string[], embedOptions: EmbedOptions = {}): Promise<EmbedResult> => {
    const started = performance.now();
    const { signal, onProgress } = embedOptions;
    signal?.throwIfAborted();
    const prepared = texts.map((text) => (redactor ? redactor.redactText(text).text : text));
    const distinct = [...new Set(prepared.filter((text) => text.trim() !== ""))];
    const known = new Map<string, number[]>();

    await Promise.all(
      distinct.map((text) =>
        cacheReads(async () => {
          const hit = await cache.get<unknown>(
            embeddingCacheKey(source.provider, source.model, text),
          );
          const usable =
            Array.isArray(hit) &&
            hit.length > 0 &&
            (learnedDimensions === 0 || hit.length === learnedDimensions);
          if (usable) known.set(text, hit as number[]);
        }),
      ),
    );
    if (learnedDimensions === 0) learnedDimensions = known.values().next().value?.length ?? 0;
    // An endpoint model of unknown size may have cached answers of another size: ask again.
    for (const [text, vector] of known) if (vector.length !== learnedDimensions) known.delete(text);
    const cachedCount = known.size;
    const missing = distinct.filter((text) => !known.has(text));
    const batches: string[][] = [];
    for (let start = 0; start < missing.length; start += options.batchSize) {
      batches.push(missing.slice(start, start + options.batchSize));
    }

    let done = cachedCount;
    let inputTokens = 0;
    await Promise.all(
      batches.map((batch) =>
        limit(async () => {
          signal?.throwIfAborted();
          const answer = await source.embedBatch(batch, signal);
          if (answer.vectors.length !== batch.length) {
            throw new TracemillError(
              "model_output_invalid",
              `${describe(source)} returned ${answer.vectors.length} vectors for ${batch.length} texts`,
            );
          }
          const accepted = batch.map((text, index) => acceptVector(answer.vectors[index], text));
          await Promise.all(
            batch.map((text, index) => {
              const vector = accepted[index] as number[];
              known.set(text, vector);
              return cache.set(embeddingCacheKey(source.provider, source.model, text), vector);
            }),
          );
          inputTokens += answer.inputTokens;
          done += batch.length;
          onProgress?.(done, distinct.length);
        }),
      ),
    );
    if (batches.length === 0) onProgress?.(done, distinct.length);

    const vectors = prepared.map((text) => {
      const vector = known.get(text);
      if (vector !== undefined) return Float32Array.from(vector);
      if (learnedDimensions === 0) {
        throw new TracemillError(
          "input_invalid",
          `${describe(source)}: cannot size the zero vector for an empty text before the model's dimension is known; embed a non-empty text first`,
        );
      }
      return new Float32Array(learnedDimensions);
    });
    return {
      vectors,
      usage: { inputTokens, cachedCount, computedCount: missing.length },
      durationMs: Math.round(performance.now() - started),
    };
  };

  const embedder: Embedder = {
    provider: source.provider,
    model: source.model,
    get dimensions() {
      return learnedDimensions;
    },
    offline: source.offline,
    embed,
  };
  if (source.close) embedder.close = () => source.close?.() ?? Promise.resolve();
  return embedder;
}

function describe(source: EmbeddingSource): string {
  return `embedder ${source.provider}:${source.model}`;
}

function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
