import type { OpenAI } from "openai";
import { TracemillError } from "../../core/errors.js";
import { isOpenAIEndpoint } from "../providers/openai.js";
import {
  defaultRateLimiterOptions,
  type SharedRateLimiter,
  sharedRateLimiter,
} from "../rate-limiter.js";
import { withRetries } from "../retry.js";
import type { EmbeddingSource } from "./types.js";

/**
 * `openai:<model>`: any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Azure's v1 route,
 * vLLM, Ollama, llama.cpp server) through the official SDK. The SDK's retries are off; retries
 * with Retry-After and the process-wide rate limiter are the model door's, shared with chat.
 */
export const knownEmbeddingDimensions: Readonly<Record<string, number>> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

export interface OpenAISourceOptions {
  baseUrl?: string;
  apiKey?: string;
  rateLimiter?: SharedRateLimiter;
  retry?: { maxRetries: number; capMs: number };
  timeoutMs?: number;
}

const defaultRetry = { maxRetries: 5, capMs: 30_000 };

export function createOpenAIEmbeddingSource(
  model: string,
  options: OpenAISourceOptions = {},
): EmbeddingSource {
  // The single environment read the house style allows: a provider's API-key fallback.
  const apiKey = options.apiKey ?? process.env.OPENAI_API_KEY;
  if (apiKey === undefined && isOpenAIEndpoint(options.baseUrl)) {
    throw new TracemillError(
      "config_invalid",
      "an API key is needed for the OpenAI embeddings endpoint: set OPENAI_API_KEY or embedder.apiKey (local servers need none: set embedder.baseUrl)",
    );
  }
  // The SDK loads with the first batch, not with the embedder module (issue 20).
  let connection: Promise<OpenAI> | undefined;
  const connect = () => {
    connection ??= import("openai").then(
      (sdk) =>
        new sdk.OpenAI({
          // Local servers ignore the key, but the SDK insists on one.
          apiKey: apiKey ?? "not-needed-for-local-servers",
          baseURL: options.baseUrl,
          maxRetries: 0,
          timeout: options.timeoutMs ?? 60_000,
        }),
    );
    return connection;
  };
  const limiter = options.rateLimiter ?? sharedRateLimiter(defaultRateLimiterOptions);
  const retry = options.retry ?? defaultRetry;

  return {
    provider: "openai",
    model,
    dimensions: knownEmbeddingDimensions[model] ?? 0,
    offline: false,
    concurrency: limiter.stats().concurrency,
    async embedBatch(texts, signal) {
      const client = await connect();
      const { value } = await withRetries(
        () =>
          limiter.schedule(() =>
            client.embeddings.create(
              { model, input: texts, encoding_format: "float" },
              signal ? { signal } : {},
            ),
          ),
        { ...retry, ...(signal ? { signal } : {}) },
      );
      const vectors: number[][] = new Array(texts.length);
      for (const item of value.data ?? []) {
        if (
          !Number.isInteger(item.index) ||
          item.index < 0 ||
          item.index >= texts.length ||
          vectors[item.index] !== undefined
        ) {
          throw new TracemillError(
            "model_output_invalid",
            `embeddings endpoint returned an unexpected index ${item.index} for a batch of ${texts.length}`,
          );
        }
        vectors[item.index] = item.embedding;
      }
      const missing = texts.findIndex((_, index) => vectors[index] === undefined);
      if (missing !== -1) {
        throw new TracemillError(
          "model_output_invalid",
          `embeddings endpoint returned ${value.data?.length ?? 0} vectors for ${texts.length} texts (none for index ${missing})`,
        );
      }
      return { vectors, inputTokens: value.usage?.prompt_tokens ?? 0 };
    },
  };
}
