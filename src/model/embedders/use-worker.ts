import { parentPort } from "node:worker_threads";
import { type BackendChoice, loadUniversalSentenceEncoder } from "./universal-sentence-encoder.js";

/**
 * A worker thread of the offline embedder pool: loads the Universal Sentence Encoder once (its
 * own TensorFlow.js engine), then answers one batch at a time. The wasm backend runs on one
 * thread, so a second worker puts the second core to work.
 */
interface BatchRequest {
  id: number;
  backend: BackendChoice;
  texts: string[];
}

parentPort?.on("message", async (request: BatchRequest) => {
  try {
    const encoder = await loadUniversalSentenceEncoder(request.backend);
    const result = await encoder.embed(request.texts);
    parentPort?.postMessage({ id: request.id, ...result, backend: encoder.backend });
  } catch (error) {
    parentPort?.postMessage({
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
