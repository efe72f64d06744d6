import { createRequire } from "node:module";
import { TracemillError } from "../core/errors.js";
import { selectTensorflowBackend } from "../model/tensorflow-backend.js";

/**
 * TensorFlow.js for training, on the wasm backend by default (the pure-JS cpu backend is the
 * fallback). The engine is global to the process: whichever stage initialises it first picks the
 * backend, so this follows the same rules as the offline embedder (binaries read from the
 * tfjs-backend-wasm package folder, never fetched).
 */
export type Tensorflow = typeof import("@tensorflow/tfjs");
export type TrainingBackend = "wasm" | "cpu";
export type TrainingBackendChoice = TrainingBackend | "auto";

const requireFromHere = createRequire(import.meta.url);
let loaded: Promise<{ tf: Tensorflow; backend: TrainingBackend }> | undefined;

/** The process-wide TensorFlow.js with a training backend selected (once). */
export function loadTensorflow(
  choice: TrainingBackendChoice = "auto",
): Promise<{ tf: Tensorflow; backend: TrainingBackend }> {
  if (loaded === undefined) {
    const attempt = selectBackend(choice);
    loaded = attempt;
    attempt.catch(() => {
      if (loaded === attempt) loaded = undefined;
    });
    return attempt;
  }
  return loaded.then((current) => {
    if (choice === "auto" || choice === current.backend) return current;
    throw new TracemillError(
      "config_invalid",
      `TensorFlow.js already runs on the ${current.backend} backend in this process; it cannot switch to ${choice}`,
    );
  });
}

async function selectBackend(
  choice: TrainingBackendChoice,
): Promise<{ tf: Tensorflow; backend: TrainingBackend }> {
  const tf = requireFromHere("@tensorflow/tfjs") as Tensorflow;
  return { tf, backend: await selectTensorflowBackend(tf, choice, "training") };
}
