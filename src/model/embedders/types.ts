import type { ResponseCache } from "../cache.js";
import type { SharedRateLimiter } from "../rate-limiter.js";
import type { Redactor } from "../redact.js";

export interface EmbedUsage {
  /** Tokens the model read in this call (cached and empty texts cost none). */
  inputTokens: number;
  /** Distinct texts answered from the cache. */
  cachedCount: number;
  /** Distinct texts the model computed in this call. */
  computedCount: number;
}

export interface EmbedResult {
  /** One vector per input text, in input order. */
  vectors: Float32Array[];
  usage: EmbedUsage;
  durationMs: number;
}

export interface EmbedOptions {
  signal?: AbortSignal;
  /** Called after each batch with the number of distinct texts resolved so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface Embedder {
  readonly provider: string;
  readonly model: string;
  /** Vector length; 0 for an endpoint model of unknown size until its first answer. */
  readonly dimensions: number;
  readonly offline: boolean;
  embed(texts: string[], options?: EmbedOptions): Promise<EmbedResult>;
  close?(): Promise<void>;
}

export interface EmbedderDeps {
  cache?: ResponseCache;
  redactor?: Redactor;
  rateLimiter?: SharedRateLimiter;
  retry?: { maxRetries: number; capMs: number };
}

/** What a provider implements: one model call for one batch of distinct, non-empty texts. */
export interface EmbeddingSource {
  readonly provider: string;
  readonly model: string;
  readonly dimensions: number;
  readonly offline: boolean;
  /** How many batches may be in flight at once. */
  readonly concurrency: number;
  embedBatch(texts: string[], signal: AbortSignal | undefined): Promise<SourceBatchResult>;
  close?(): Promise<void>;
}

export interface SourceBatchResult {
  /** One vector per text, same order. */
  vectors: number[][];
  inputTokens: number;
}
