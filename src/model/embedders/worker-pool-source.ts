import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { TracemillError } from "../../core/errors.js";
import type { OfflineEmbeddingSource } from "./offline-embedder.js";
import type { BackendChoice, TensorflowBackend } from "./universal-sentence-encoder.js";

/**
 * The offline embedder on several worker threads: each loads its own copy of the model and takes
 * one batch at a time, so `workers` batches run at once (the caching embedder keeps that many in
 * flight). Worth it for thousands of texts; one in-process model is cheaper for a handful.
 */
interface WorkerAnswer {
  id: number;
  vectors?: number[][];
  inputTokens?: number;
  backend?: TensorflowBackend;
  error?: string;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

/**
 * The worker script is compiled JavaScript beside this module. Run from TypeScript sources (the
 * test runner), the compiled copy under dist/ is used; undefined when there is none.
 */
export function workerScriptPath(moduleUrl: string = import.meta.url): string | undefined {
  const here = fileURLToPath(moduleUrl);
  const candidates = here.endsWith(".ts")
    ? [here.replace(/([\\/])src([\\/])(?!.*[\\/]src[\\/])/, "$1dist$2").replace(/\.ts$/, ".js")]
    : [here];
  for (const candidate of candidates) {
    const script = candidate.replace(/worker-pool-source\.js$/, "use-worker.js");
    if (script !== candidate && existsSync(script)) return script;
  }
  return undefined;
}

export function createWorkerPoolSource(
  model: string,
  options: { workers: number; backend?: BackendChoice; script: string },
): OfflineEmbeddingSource {
  const choice = options.backend ?? "auto";
  const slots: Slot[] = [];
  const waiting: ((slot: Slot) => void)[] = [];
  const pending = new Map<
    number,
    { resolve: (answer: WorkerAnswer) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  let backend: TensorflowBackend | undefined;
  let closed = false;

  const spawn = (): Slot => {
    const worker = new Worker(pathToFileURL(options.script));
    worker.unref();
    worker.on("message", (answer: WorkerAnswer) => {
      const request = pending.get(answer.id);
      pending.delete(answer.id);
      request?.resolve(answer);
    });
    worker.on("error", (error) => {
      for (const [id, request] of pending) {
        pending.delete(id);
        request.reject(error);
      }
    });
    const slot = { worker, busy: false };
    slots.push(slot);
    return slot;
  };

  const acquire = (): Promise<Slot> => {
    const idle = slots.find((slot) => !slot.busy);
    if (idle) {
      idle.busy = true;
      return Promise.resolve(idle);
    }
    if (slots.length < options.workers) {
      const slot = spawn();
      slot.busy = true;
      return Promise.resolve(slot);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };

  const release = (slot: Slot) => {
    const next = waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  };

  const ask = async (texts: string[]): Promise<WorkerAnswer> => {
    if (closed) throw new TracemillError("unavailable", "the offline embedder was closed");
    const slot = await acquire();
    try {
      const id = nextId++;
      const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, backend: choice, texts });
      });
      if (answer.error !== undefined) throw new TracemillError("unavailable", answer.error);
      backend = answer.backend;
      return answer;
    } finally {
      release(slot);
    }
  };

  return {
    provider: "offline",
    model,
    dimensions: 512,
    offline: true,
    concurrency: options.workers,
    get backend() {
      return backend;
    },
    async warmUp() {
      await ask(["warm up"]);
      return backend as TensorflowBackend;
    },
    async embedBatch(texts, signal) {
      signal?.throwIfAborted();
      const answer = await ask(texts);
      return { vectors: answer.vectors ?? [], inputTokens: answer.inputTokens ?? 0 };
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
      slots.length = 0;
    },
  };
}
