/** Where the config comes from besides flags, apart from load-config.ts so that reading it needs no zod. */
type Layer = Record<string, unknown>;

export const configFileName = "tracemill.config.json";

/** Environment variables the config understands (the provider's own key fallbacks live in the provider). */
export function environmentLayer(env: NodeJS.ProcessEnv): Layer {
  const layer: Layer = {};
  const model: Layer = {};
  const embedder: Layer = {};
  if (env.TRACEMILL_RUNS_DIR) layer.runsDir = env.TRACEMILL_RUNS_DIR;
  if (env.TRACEMILL_CACHE_DIR) layer.cacheDir = env.TRACEMILL_CACHE_DIR;
  if (env.TRACEMILL_LOG_LEVEL) layer.logLevel = env.TRACEMILL_LOG_LEVEL;
  if (env.TRACEMILL_MODEL) model.provider = env.TRACEMILL_MODEL;
  if (env.OPENAI_BASE_URL) model.baseUrl = env.OPENAI_BASE_URL;
  if (env.OPENAI_API_KEY) model.apiKey = env.OPENAI_API_KEY;
  if (env.TRACEMILL_MAX_COST) model.maxCostUsd = Number(env.TRACEMILL_MAX_COST);
  if (env.TRACEMILL_EMBEDDER) embedder.provider = env.TRACEMILL_EMBEDDER;
  if (env.TRACEMILL_EMBEDDER_BASE_URL) embedder.baseUrl = env.TRACEMILL_EMBEDDER_BASE_URL;
  if (Object.keys(model).length > 0) layer.model = model;
  if (Object.keys(embedder).length > 0) layer.embedder = embedder;
  return layer;
}
