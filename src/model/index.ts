// The model door: the one way any stage talks to a language or vision model.
// `createModelClient(config, deps).generateObject({ schema, schemaName, messages })` redacts and
// caps what leaves the process, answers from the cache when it can, checks the budget before
// sending, rate-limits, times out, retries with Retry-After, validates every answer with zod and
// reports usage, cost and a metrics record for every request. Providers are named provider:model.
export {
  cacheKey,
  createDiskCache,
  createMemoryCache,
  disabledCache,
  type ResponseCache,
} from "./cache.js";
export {
  type BudgetTracker,
  builtInPrices,
  type CostEstimate,
  costOf,
  createBudgetTracker,
  type ModelPrice,
  priceFor,
} from "./cost.js";
export { balancedObjects, type JsonRecovery, recoverJson } from "./json-recovery.js";
export {
  createModelClient,
  defaultOutputEstimate,
  type ModelClient,
  type ModelClientDeps,
} from "./model-client.js";
export { estimateInputTokens, type PreparedMessages, prepareMessages } from "./prepare-messages.js";
export {
  createOfflineTaskRegistry,
  type OfflineTask,
  type OfflineTaskRegistry,
  type OfflineTaskRequest,
} from "./providers/offline.js";
export { isOpenAIEndpoint } from "./providers/openai.js";
export { knownProviders, type ProviderKind, parseProviderName } from "./providers/registry.js";
export {
  createRateLimiter,
  defaultRateLimiterOptions,
  type RateLimiterOptions,
  type RateLimiterStats,
  type SharedRateLimiter,
  sharedRateLimiter,
} from "./rate-limiter.js";
export {
  builtInRedactionRules,
  createRedactor,
  type RedactionFinding,
  type RedactionRule,
  type Redactor,
} from "./redact.js";
export { requestCounts } from "./request-metrics.js";
export {
  classifyProviderError,
  computeRetryDelay,
  type RetryOptions,
  type RetryOutcome,
  retryAfterFrom,
  withRetries,
} from "./retry.js";
export { parseScript, type Script, type ScriptAnswer, scriptSchema } from "./script.js";
export {
  type RecordedRequest,
  type ScriptedOpenAIServer,
  scriptedEmbedding,
  startScriptedOpenAIServer,
} from "./scripted-server.js";
export { checkAnswer, toWireSchema, type WireSchema } from "./structured-output.js";
export type {
  ContentPart,
  GenerateObjectRequest,
  GenerateObjectResult,
  ModelAttempt,
  ModelMessage,
  ModelProvider,
  ModelSettings,
  ProviderRequest,
  ProviderResponse,
  RequestErrorType,
  RequestMetrics,
  TokenUsage,
  UsageTotals,
} from "./types.js";
