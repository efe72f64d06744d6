import { defaultConfig, modelConfigSchema } from "../core/config.js";
import { TracemillError } from "../core/errors.js";
import { computeScore } from "../core/grade.js";
import type { Trace } from "../core/trace.js";
import type { SftMessage } from "../format/sft-message.js";
import type { ResponseCache } from "../model/cache.js";
import { createConfiguredModelClient } from "../model/configured-client.js";
import type { ModelClient } from "../model/model-client.js";
import { parseProviderName } from "../model/providers/registry.js";
import type { RateLimiterStats } from "../model/rate-limiter.js";
import { describeIssues } from "../model/structured-output.js";
import type { GenerateObjectResult, RequestMetrics } from "../model/types.js";
import {
  type ChunkPosition,
  chunkToMessages,
  type VerdictTask,
  verdictToMessages,
} from "./chunk-to-messages.js";
import { chunkAnswerSchema, verdictAnswerSchema } from "./grade-schemas.js";
import { judgeScreenSessionOffline, offlineJudgeModel } from "./offline-judge.js";
import { normaliseWeights, parseWeights, type Weights } from "./parse-weights.js";
import type { SessionEvaluation } from "./scores-file.js";
import {
  defaultEvaluationCriteria,
  type EvaluationCriteria,
  screenRubricId,
  screenRubricVersion,
  screenSessionRubric,
} from "./screen-rubric.js";
import { defaultChunkSize } from "./sft-to-chunks.js";
import { sftToJudgeTrace, taskFromSft } from "./sft-to-judge-trace.js";

export interface GraderOptions {
  apiKey?: string;
  /** provider:model; default openai:gpt-4o-mini when apiKey is given, otherwise the offline judge. */
  provider?: string;
  baseUrl?: string;
  chunkSize?: number;
  /** Replaces the model part of `provider` (the seed's `model` option). */
  model?: string;
  /** Per request, milliseconds. */
  timeout?: number;
  maxRetries?: number;
  seed?: number;
  /** The process-wide token bucket (shared by every grader with the same settings). */
  rateLimiter?: { maxTokens: number; refillRate: number };
  onMetrics?: (metrics: RequestMetrics) => void;
  /** Object or the CLI form "outcome=0.6,process=0.3,efficiency=0.1"; normalised. */
  weights?: Partial<Weights> | string;
  /** An injected model door (tests, the pipeline with its budget); the options above then only set seed and weights. */
  client?: ModelClient;
  cache?: ResponseCache;
  /** Clock for createdAt (tests). */
  now?: () => Date;
}

export interface SessionMeta {
  sessionId: string;
  traceId?: string;
  task?: VerdictTask;
  /** Epoch ms of t=0, for the relative times the judge sees. */
  startedAtMs?: number;
  /** The session's Trace: the offline judge scores from it (rebuilt from the SFT messages when absent). */
  trace?: Trace;
}

export interface EvaluationCriteriaUpdate {
  weights?: Partial<Weights> | string;
  descriptions?: Partial<EvaluationCriteria["descriptions"]>;
  guidance?: string;
}

export const defaultModelProvider = "openai:gpt-4o-mini";
const chunkSchemaName = "screen_chunk_summary";
const verdictSchemaName = "screen_session_verdict";

/**
 * The seed's grading API. With a model: chunks go one request each, in order, each carrying the
 * previous chunk's summary, then one verdict request; the score is computed from the components.
 * Offline (no key, no provider, or an offline client): the heuristic judge runs directly on the
 * trace — it is not a chunked conversation, so it does not go through the offline task registry.
 */
export class Grader {
  private readonly client: ModelClient;
  private readonly chunkSize: number;
  private readonly seed: number;
  private readonly now: () => Date;
  private criteria: EvaluationCriteria = defaultEvaluationCriteria();

  constructor(options: GraderOptions = {}) {
    this.chunkSize = options.chunkSize ?? defaultChunkSize;
    if (!Number.isInteger(this.chunkSize) || this.chunkSize < 1)
      throw new TracemillError(
        "config_invalid",
        `chunkSize must be a positive integer, got ${this.chunkSize}`,
      );
    this.seed = options.seed ?? 42;
    this.now = options.now ?? (() => new Date());
    if (options.weights !== undefined) this.criteria.weights = weightsFrom(options.weights);
    this.client = options.client ?? createGraderClient(options, this.seed);
  }

  /** Grades one session (its SFT messages already chunked) and returns the scores.json content. */
  async evaluateSession(chunks: SftMessage[][], meta: SessionMeta): Promise<SessionEvaluation> {
    const criteria = this.getEvaluationCriteria();
    if (this.client.offline) {
      const messages = chunks.flat();
      const trace = meta.trace ?? sftToJudgeTrace(messages, meta);
      const evaluation = judgeScreenSessionOffline(trace, messages, {
        weights: criteria.weights,
        seed: this.seed,
        chunks,
        createdAt: this.now().toISOString(),
      });
      return {
        ...evaluation,
        sessionId: meta.sessionId,
        traceId: meta.traceId ?? evaluation.traceId,
      };
    }

    const results: GenerateObjectResult<unknown>[] = [];
    const chunkSummaries: string[] = [];
    const sessionStartMs = meta.startedAtMs ?? chunks[0]?.[0]?.timestamp;
    for (const [index, chunk] of chunks.entries()) {
      const position: ChunkPosition = {
        index,
        total: chunks.length,
        ...(sessionStartMs === undefined ? {} : { sessionStartMs }),
      };
      const answer = await this.client.generateObject({
        schema: chunkAnswerSchema,
        schemaName: chunkSchemaName,
        messages: chunkToMessages(chunk, chunkSummaries.at(-1), criteria, position),
        settings: { seed: this.seed },
        context: { sessionId: meta.sessionId, chunk: index },
      });
      results.push(answer);
      chunkSummaries.push(answer.value.summary);
    }
    const verdict = await this.client.generateObject({
      schema: verdictAnswerSchema,
      schemaName: verdictSchemaName,
      messages: verdictToMessages(
        chunkSummaries,
        criteria,
        meta.task ?? meta.trace?.task ?? taskFromSft(chunks.flat()),
      ),
      settings: { seed: this.seed },
      context: { sessionId: meta.sessionId, chunk: "verdict" },
    });
    results.push(verdict);

    const { summary, observations, reasoning, confidence, ...components } = verdict.value;
    const score = computeScore(screenSessionRubric(criteria.weights), components);
    return {
      sessionId: meta.sessionId,
      ...(meta.traceId === undefined ? {} : { traceId: meta.traceId }),
      score,
      components,
      weights: criteria.weights,
      ...components,
      summary,
      observations,
      reasoning,
      confidence,
      judge: {
        provider: verdict.provider,
        model: verdict.model,
        seed: this.seed,
        ...(verdict.fingerprint === undefined ? {} : { fingerprint: verdict.fingerprint }),
      },
      rubric: { id: screenRubricId, version: screenRubricVersion },
      offline: false,
      chunkSummaries,
      usage: {
        inputTokens: sum(results, (result) => result.usage.inputTokens),
        outputTokens: sum(results, (result) => result.usage.outputTokens),
        requests: results.length,
        cachedRequests: results.filter((result) => result.cached).length,
        costUsd: Math.round(sum(results, (result) => result.usage.costUsd) * 1e9) / 1e9,
      },
      createdAt: this.now().toISOString(),
    };
  }

  updateEvaluationCriteria(update: EvaluationCriteriaUpdate): EvaluationCriteria {
    const next = this.getEvaluationCriteria();
    if (update.weights !== undefined) next.weights = weightsFrom(update.weights);
    if (update.descriptions !== undefined)
      next.descriptions = { ...next.descriptions, ...update.descriptions };
    if (update.guidance !== undefined) next.guidance = update.guidance;
    this.criteria = next;
    return this.getEvaluationCriteria();
  }

  getEvaluationCriteria(): EvaluationCriteria {
    return {
      weights: { ...this.criteria.weights },
      descriptions: { ...this.criteria.descriptions },
      guidance: this.criteria.guidance,
    };
  }

  /** The shared limiter's state; `refillRate` repeats refillPerSecond under the seed's name. */
  getRateLimiterStats(): RateLimiterStats & { refillRate: number } {
    const stats = this.client.rateLimiterStats();
    return { ...stats, refillRate: stats.refillPerSecond };
  }

  /** "provider:model" of the judge this grader uses. */
  get judge(): string {
    return `${this.client.provider}:${this.client.model}`;
  }
}

function weightsFrom(weights: Partial<Weights> | string): Weights {
  return typeof weights === "string" ? parseWeights(weights) : normaliseWeights(weights);
}

function createGraderClient(options: GraderOptions, seed: number): ModelClient {
  let provider =
    options.provider ?? (options.apiKey === undefined ? offlineJudgeModel : defaultModelProvider);
  if (options.model !== undefined)
    provider = `${parseProviderName(provider).provider}:${options.model}`;
  const parsed = modelConfigSchema.safeParse({
    provider,
    seed,
    cache: options.cache !== undefined,
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(options.timeout === undefined ? {} : { timeoutMs: options.timeout }),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    ...(options.rateLimiter === undefined
      ? {}
      : {
          rateLimit: {
            maxTokens: options.rateLimiter.maxTokens,
            refillPerSecond: options.rateLimiter.refillRate,
          },
        }),
  });
  if (!parsed.success) {
    throw new TracemillError("config_invalid", `grader options: ${describeIssues(parsed.error)}`);
  }
  // The one builder, over the defaults for everything but the model (redaction included, as the
  // door's own default); the grader's answer cache is the caller's, never the on-disk one.
  return createConfiguredModelClient(
    { ...defaultConfig(), model: parsed.data },
    {
      diskCache: false,
      ...(options.cache === undefined ? {} : { cache: options.cache }),
      ...(options.onMetrics === undefined ? {} : { onMetrics: options.onMetrics }),
    },
  );
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
