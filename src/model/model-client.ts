import { randomUUID } from "node:crypto";
import type { ModelConfig } from "../core/config.js";
import { TracemillError } from "../core/errors.js";
import type { ResponseCache } from "./cache.js";
import { type BudgetTracker, costOf, createBudgetTracker } from "./cost.js";
import { callWithTimeout, correctiveTurn } from "./model-call.js";
import { estimateInputTokens, prepareMessages } from "./prepare-messages.js";
import type { OfflineTaskRegistry } from "./providers/offline.js";
import { createProvider } from "./providers/registry.js";
import {
  type RateLimiterStats,
  type SharedRateLimiter,
  sharedRateLimiter,
} from "./rate-limiter.js";
import { createRedactor, type Redactor } from "./redact.js";
import {
  createUsageAccumulator,
  errorMetrics,
  errorTypeOf,
  type UsageAccumulator,
} from "./request-metrics.js";
import { classifyProviderError, withRetries } from "./retry.js";
import { checkAnswer, toWireSchema } from "./structured-output.js";
import type {
  GenerateObjectRequest,
  GenerateObjectResult,
  ModelAttempt,
  ModelMessage,
  ModelProvider,
  ModelSettings,
  ProviderRequest,
  ProviderResponse,
  RequestMetrics,
  TokenUsage,
  UsageTotals,
} from "./types.js";

export interface ModelClientDeps {
  cache?: ResponseCache;
  redactor?: Redactor;
  offlineTasks?: OfflineTaskRegistry;
  onMetrics?: (metrics: RequestMetrics) => void;
  /** Every attempt sent for a request (retries and re-asks included), for run events. */
  onAttempt?: (attempt: ModelAttempt) => void;
  rateLimiter?: SharedRateLimiter;
  budget?: BudgetTracker;
  /** Tests and embedders may hand in a provider directly instead of naming one in config. */
  provider?: ModelProvider;
}

export interface ModelClient {
  readonly provider: string;
  readonly model: string;
  readonly offline: boolean;
  generateObject<T>(request: GenerateObjectRequest<T>): Promise<GenerateObjectResult<T>>;
  estimate<T>(request: GenerateObjectRequest<T>): TokenUsage;
  usage(): UsageTotals;
  rateLimiterStats(): RateLimiterStats;
}

/** Output tokens assumed by the budget preflight when a request sets no maxOutputTokens. */
export const defaultOutputEstimate = 1000;
const schemaNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

interface CachedAnswer {
  value: unknown;
  responseId?: string;
  fingerprint?: string;
}

export function createModelClient(config: ModelConfig, deps: ModelClientDeps = {}): ModelClient {
  const provider = deps.provider ?? createProvider(config, { offlineTasks: deps.offlineTasks });
  const limiter = deps.rateLimiter ?? sharedRateLimiter(config.rateLimit);
  const budget = deps.budget ?? createBudgetTracker(config.maxCostUsd);
  const cache = config.cache && !provider.offline ? deps.cache : undefined;
  const totals: UsageAccumulator = createUsageAccumulator();
  // The one door out: a request that leaves the process is always redacted, with the configured
  // redactor when the caller has one and the built-in detectors otherwise.
  const redactor = deps.redactor ?? (provider.offline ? undefined : createRedactor());

  const settingsFor = (request: GenerateObjectRequest<unknown>): ModelSettings => ({
    seed: config.seed,
    temperature: config.temperature,
    topP: config.topP,
    frequencyPenalty: 0,
    presencePenalty: 0,
    timeoutMs: config.timeoutMs,
    ...request.settings,
  });

  const prepareOptions = {
    redactText: redactor === undefined ? undefined : (text: string) => redactor.redactText(text),
    maxCharsPerPart: config.text.maxCharsPerPart,
    maxImagesPerRequest: config.images.maxPerRequest,
    imageDetail: config.images.detail,
  };

  const prepare = (request: GenerateObjectRequest<unknown>) => {
    if (!schemaNamePattern.test(request.schemaName)) {
      throw new TracemillError(
        "input_invalid",
        `schemaName "${request.schemaName}" must match [a-zA-Z0-9_-]{1,64}`,
      );
    }
    const prepared = prepareMessages(request.messages, prepareOptions);
    return { ...prepared, wire: toWireSchema(request.schema), settings: settingsFor(request) };
  };

  const estimateFor = (
    messages: ModelMessage[],
    jsonSchema: unknown,
    settings: ModelSettings,
  ): TokenUsage => {
    if (provider.offline) return { inputTokens: 0, outputTokens: 0, costUsd: 0 };
    const inputTokens = estimateInputTokens(messages, jsonSchema);
    const outputTokens = settings.maxOutputTokens ?? defaultOutputEstimate;
    return {
      inputTokens,
      outputTokens,
      costUsd: costOf(provider.model, { inputTokens, outputTokens }, config.prices).costUsd,
    };
  };

  const observe = (attempt: ModelAttempt) => {
    if (deps.onAttempt === undefined) return;
    try {
      deps.onAttempt(attempt);
    } catch {
      // An observer must never change the outcome of the request it observes.
    }
  };

  /** One ask: its attempts (first try and retries) each counted and reported. */
  const send = async (
    providerRequest: Omit<ProviderRequest, "signal">,
    userSignal: AbortSignal | undefined,
    attempts: { requestId: string; count: number; ask: number },
  ) => {
    const base = {
      requestId: attempts.requestId,
      schemaName: providerRequest.schemaName,
      ask: attempts.ask,
      context: providerRequest.context,
    };
    const call = async () => {
      attempts.count += 1;
      totals.addSent();
      return callWithTimeout(
        provider,
        providerRequest,
        providerRequest.settings.timeoutMs,
        userSignal,
      );
    };
    try {
      // Offline tasks are local algorithms: nothing to rate-limit, and retrying cannot change them.
      const outcome = provider.offline
        ? { value: await call(), retries: 0, retryDelayMs: 0 }
        : await withRetries(() => limiter.schedule(call), {
            maxRetries: config.maxRetries,
            capMs: config.retryCapMs,
            signal: userSignal,
            onRetry: ({ delayMs, error }) => {
              totals.addRetry();
              const status = classifyProviderError(error).status;
              observe({
                ...base,
                attempt: attempts.count,
                outcome: "retry",
                errorType: errorTypeOf(error),
                ...(status === undefined ? {} : { status }),
                waitMs: Math.round(delayMs),
              });
            },
          });
      return outcome;
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      observe({
        ...base,
        attempt: attempts.count,
        outcome: "failed",
        errorType: errorTypeOf(error),
        ...(typeof status === "number" ? { status } : {}),
      });
      throw error;
    }
  };

  return {
    provider: provider.provider,
    model: provider.model,
    offline: provider.offline,

    async generateObject<T>(request: GenerateObjectRequest<T>): Promise<GenerateObjectResult<T>> {
      const requestId = randomUUID();
      const started = performance.now();
      const spent = { inputTokens: 0, outputTokens: 0, retries: 0, retryDelayMs: 0 };
      const report = (
        metrics: Omit<
          RequestMetrics,
          "requestId" | "schemaName" | "context" | "timestamp" | "provider"
        >,
      ) => {
        if (deps.onMetrics === undefined) return;
        try {
          deps.onMetrics({
            requestId,
            provider: provider.provider,
            schemaName: request.schemaName,
            context: request.context ?? {},
            timestamp: new Date().toISOString(),
            ...metrics,
          });
        } catch {
          // A metrics sink must never change the outcome of the request it observes.
        }
      };
      try {
        const { messages, wire, settings } = prepare(request as GenerateObjectRequest<unknown>);
        const { timeoutMs: _timeout, ...cachedSettings } = settings;
        const firstAsk = Math.max(1, request.ask ?? 1);
        if (firstAsk > 1) totals.addReask();
        const key = {
          provider: provider.provider,
          model: provider.model,
          schemaName: request.schemaName,
          messages,
          schema: wire.schema,
          settings: cachedSettings,
          // Only re-asks carry it, so first-ask entries written before it existed still match.
          ...(firstAsk > 1 ? { ask: firstAsk } : {}),
        };
        const hit = cache === undefined ? undefined : await cache.get<CachedAnswer>(key);
        const cachedCheck =
          hit === undefined ? undefined : checkAnswer(request.schema, { value: hit.value });
        if (hit !== undefined && cachedCheck?.ok) {
          const durationMs = Math.round(performance.now() - started);
          const usage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
          totals.addCached();
          report({
            model: provider.model,
            responseId: hit.responseId,
            fingerprint: hit.fingerprint,
            usage,
            durationMs,
            retryDelayMs: 0,
            retries: 0,
            outcome: "cached",
          });
          return {
            value: cachedCheck.value,
            usage,
            responseId: hit.responseId,
            fingerprint: hit.fingerprint,
            durationMs,
            retries: 0,
            cached: true,
            provider: provider.provider,
            model: provider.model,
          };
        }

        budget.check(estimateFor(messages, wire.schema, settings).costUsd);

        let conversation = messages;
        let answer: ProviderResponse | undefined;
        let value: T | undefined;
        const attempts = { requestId, count: 0, ask: firstAsk };
        for (let ask = 1; ask <= 2 && value === undefined; ask += 1) {
          attempts.ask = firstAsk + ask - 1;
          if (ask > 1) totals.addReask();
          const outcome = await send(
            {
              schemaName: request.schemaName,
              jsonSchema: wire.schema,
              strict: wire.strict,
              messages: conversation,
              settings,
              context: request.context ?? {},
            },
            request.signal,
            attempts,
          );
          answer = outcome.value;
          spent.inputTokens += answer.usage.inputTokens;
          spent.outputTokens += answer.usage.outputTokens;
          spent.retries += outcome.retries;
          spent.retryDelayMs += outcome.retryDelayMs;
          const check = checkAnswer(request.schema, answer);
          observe({
            requestId,
            schemaName: request.schemaName,
            attempt: attempts.count,
            ask: attempts.ask,
            outcome: check.ok ? "answered" : "invalid",
            context: request.context ?? {},
          });
          if (check.ok) {
            value = check.value;
            continue;
          }
          if (ask === 2 || provider.offline) {
            throw new TracemillError(
              "model_output_invalid",
              `${request.schemaName}: ${check.problem}${ask === 2 ? " (also after one corrective re-ask)" : ""}`,
            );
          }
          // The rejected answer goes back out too: it passes the same redaction.
          const corrective = prepareMessages(
            correctiveTurn(answer.text ?? JSON.stringify(answer.value), check.problem),
            prepareOptions,
          );
          conversation = [...messages, ...corrective.messages];
        }
        if (answer === undefined || value === undefined)
          throw new TracemillError("internal", "no answer was produced");

        const model = answer.model ?? provider.model;
        const costUsd = costOf(provider.model, spent, config.prices);
        const usage = {
          inputTokens: spent.inputTokens,
          outputTokens: spent.outputTokens,
          costUsd: provider.offline ? 0 : costUsd.costUsd,
        };
        budget.record(usage.costUsd);
        totals.addSuccess(usage, provider.offline || costUsd.priced);
        const durationMs = Math.round(performance.now() - started);
        if (cache !== undefined)
          await cache.set(key, {
            value,
            responseId: answer.responseId,
            fingerprint: answer.fingerprint,
          } satisfies CachedAnswer);
        report({
          model,
          responseId: answer.responseId,
          fingerprint: answer.fingerprint,
          usage,
          durationMs,
          retryDelayMs: Math.round(spent.retryDelayMs),
          retries: spent.retries,
          outcome: "success",
        });
        return {
          value,
          usage,
          responseId: answer.responseId,
          fingerprint: answer.fingerprint,
          durationMs,
          retries: spent.retries,
          cached: false,
          provider: provider.provider,
          model,
        };
      } catch (error) {
        const costUsd = costOf(provider.model, spent, config.prices).costUsd;
        const usage = {
          inputTokens: spent.inputTokens,
          outputTokens: spent.outputTokens,
          costUsd: provider.offline ? 0 : costUsd,
        };
        budget.record(usage.costUsd);
        totals.addFailure(usage);
        const durationMs = Math.round(performance.now() - started);
        report({ model: provider.model, usage, durationMs, ...errorMetrics(error, spent) });
        throw error;
      }
    },

    estimate<T>(request: GenerateObjectRequest<T>): TokenUsage {
      const { messages, wire, settings } = prepare(request as GenerateObjectRequest<unknown>);
      return estimateFor(messages, wire.schema, settings);
    },

    usage: () => totals.snapshot(),
    rateLimiterStats: () => limiter.stats(),
  };
}
