// Embedders: the model door's pattern for text embeddings. `createEmbedder(config, deps)` returns
// an Embedder whose `embed(texts)` gives one Float32Array per text, in input order. Texts are
// de-duplicated per call, sent in `batchSize` batches, cached per text (a rerun computes nothing),
// redacted before they leave the process, rate-limited and retried like model requests. Empty or
// whitespace-only texts embed to an all-zero vector without a model call. `offline:use-512` (the
// default) runs the Universal Sentence Encoder from node_modules with no network.
export {
  type CachingEmbedderOptions,
  createCachingEmbedder,
  embeddingCacheKey,
} from "./caching-embedder.js";
export { cosineSimilarity } from "./cosine-similarity.js";
export {
  createEmbedder,
  type EmbeddingProviderKind,
  knownEmbeddingProviders,
  parseEmbedderName,
} from "./create-embedder.js";
export {
  createOfflineEmbeddingSource,
  type OfflineEmbeddingSource,
  type OfflineSourceOptions,
  offlineEmbeddingModels,
} from "./offline-embedder.js";
export {
  createOpenAIEmbeddingSource,
  knownEmbeddingDimensions,
  type OpenAISourceOptions,
} from "./openai-embedder.js";
export type {
  Embedder,
  EmbedderDeps,
  EmbeddingSource,
  EmbedOptions,
  EmbedResult,
  EmbedUsage,
  SourceBatchResult,
} from "./types.js";
export {
  type BackendChoice,
  loadUniversalSentenceEncoder,
  type TensorflowBackend,
  type UniversalSentenceEncoder,
} from "./universal-sentence-encoder.js";
