import { TracemillError } from "../../core/errors.js";
import type { EmbeddingSource } from "./types.js";
import {
  type BackendChoice,
  loadUniversalSentenceEncoder,
  type TensorflowBackend,
} from "./universal-sentence-encoder.js";
import { createWorkerPoolSource, workerScriptPath } from "./worker-pool-source.js";

/**
 * `offline:use-512`: the Universal Sentence Encoder, computed in-process from weights shipped in
 * node_modules. No network, no key. The model loads on the first batch, not at creation.
 */
export const offlineEmbeddingModels = ["use-512"] as const;

export interface OfflineSourceOptions {
  /** "auto" (default) tries wasm, then the pure-JS cpu backend. */
  backend?: BackendChoice;
  /** Worker threads, each with its own model (default 1: in-process). */
  workers?: number;
}

export interface OfflineEmbeddingSource extends EmbeddingSource {
  /** The backend in use once the model has loaded; undefined before. */
  readonly backend: TensorflowBackend | undefined;
  /** Loads the model now (it loads on first use otherwise). */
  warmUp(): Promise<TensorflowBackend>;
}

export function createOfflineEmbeddingSource(
  model: string,
  options: OfflineSourceOptions = {},
): OfflineEmbeddingSource {
  if (!(offlineEmbeddingModels as readonly string[]).includes(model)) {
    throw new TracemillError(
      "config_invalid",
      `unknown offline embedding model "${model}"; available: ${offlineEmbeddingModels.map((name) => `offline:${name}`).join(", ")}`,
    );
  }
  const choice = options.backend ?? "auto";
  const workers = options.workers ?? 1;
  const script = workers > 1 ? workerScriptPath() : undefined;
  if (script !== undefined)
    return createWorkerPoolSource(model, { workers, backend: choice, script });
  let backend: TensorflowBackend | undefined;
  const encoder = async () => {
    const loaded = await loadUniversalSentenceEncoder(choice);
    backend = loaded.backend;
    return loaded;
  };
  return {
    provider: "offline",
    model,
    dimensions: 512,
    offline: true,
    concurrency: 1,
    get backend() {
      return backend;
    },
    async warmUp() {
      return (await encoder()).backend;
    },
    async embedBatch(texts, signal) {
      const loaded = await encoder();
      signal?.throwIfAborted();
      return loaded.embed(texts);
    },
  };
}
