import type { EmbedderConfig } from "../../core/config.js";
import { splitProviderName } from "../providers/registry.js";
import { createCachingEmbedder } from "./caching-embedder.js";
import { createOfflineEmbeddingSource } from "./offline-embedder.js";
import { createOpenAIEmbeddingSource } from "./openai-embedder.js";
import type { Embedder, EmbedderDeps } from "./types.js";

/** Embedder names are `provider:model`; this is the one place that knows which exist. */
export const knownEmbeddingProviders = ["offline", "openai"] as const;
export type EmbeddingProviderKind = (typeof knownEmbeddingProviders)[number];

export function parseEmbedderName(name: string): {
  provider: EmbeddingProviderKind;
  model: string;
} {
  return splitProviderName(name, knownEmbeddingProviders, {
    what: "embedding provider",
    example: "offline:use-512 or openai:text-embedding-3-small",
  });
}

/** Builds an embedder; nothing heavy happens here (the offline model loads on first use). */
export async function createEmbedder(
  config: Omit<EmbedderConfig, "workers"> & { workers?: number },
  deps: EmbedderDeps = {},
): Promise<Embedder> {
  const { provider, model } = parseEmbedderName(config.provider);
  const source =
    provider === "offline"
      ? createOfflineEmbeddingSource(model, { workers: config.workers ?? 1 })
      : createOpenAIEmbeddingSource(model, {
          ...(config.baseUrl === undefined ? {} : { baseUrl: config.baseUrl }),
          ...(config.apiKey === undefined ? {} : { apiKey: config.apiKey }),
          ...(deps.rateLimiter === undefined ? {} : { rateLimiter: deps.rateLimiter }),
          ...(deps.retry === undefined ? {} : { retry: deps.retry }),
        });
  return createCachingEmbedder(source, {
    batchSize: config.batchSize,
    ...(config.cache && deps.cache !== undefined ? { cache: deps.cache } : {}),
    ...(deps.redactor === undefined ? {} : { redactor: deps.redactor }),
  });
}
