import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { TracemillError } from "../core/errors.js";

/**
 * One TensorFlow.js engine per process, shared by the offline embedder and behaviour-cloning
 * training: the wasm backend by default (binaries read from the tfjs-backend-wasm package folder
 * with fs, never fetched), the pure-JS cpu backend as the fallback. Whichever stage initialises
 * the engine first picks the backend; a later stage keeps it when its choice allows.
 */
export type Tensorflow = typeof import("@tensorflow/tfjs");
export type TensorflowBackend = "wasm" | "cpu";
export type BackendChoice = TensorflowBackend | "auto";

const requireFromHere = createRequire(import.meta.url);

export async function selectTensorflowBackend(
  tf: Tensorflow,
  choice: BackendChoice,
  purpose: string,
): Promise<TensorflowBackend> {
  const current = tf.getBackend();
  if ((current === "wasm" || current === "cpu") && (choice === "auto" || choice === current)) {
    return current;
  }
  const candidates: TensorflowBackend[] = choice === "auto" ? ["wasm", "cpu"] : [choice];
  const failures: string[] = [];
  for (const candidate of candidates) {
    try {
      if (candidate === "wasm") {
        const wasm = requireFromHere(
          "@tensorflow/tfjs-backend-wasm",
        ) as typeof import("@tensorflow/tfjs-backend-wasm");
        const distDirectory = join(
          dirname(requireFromHere.resolve("@tensorflow/tfjs-backend-wasm/package.json")),
          "dist",
        );
        // A file-system prefix: emscripten reads the binary with fs, never fetch.
        setWasmPathsOnce(wasm, `${distDirectory}/`);
      } else {
        // tfjs-backend-cpu prints a "use tfjs-node" banner unless PROD is set.
        tf.env().set("PROD", true);
      }
      if ((await tf.setBackend(candidate)) && tf.getBackend() === candidate) return candidate;
      failures.push(`${candidate}: backend did not initialise`);
    } catch (error) {
      failures.push(`${candidate}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new TracemillError(
    "unavailable",
    `no TensorFlow.js backend for ${purpose} (${failures.join("; ")})`,
  );
}

function setWasmPathsOnce(
  wasm: typeof import("@tensorflow/tfjs-backend-wasm"),
  prefix: string,
): void {
  try {
    wasm.setWasmPaths(prefix, false);
  } catch (error) {
    // Someone in this process initialised wasm first; its binaries are the package's own.
    if (!(error instanceof Error && /already initialized/.test(error.message))) throw error;
  }
}
