import type { z } from "zod";

/** The shapes every caller of the model door codes against; providers never leak past them. */
export type ContentPart =
  | { type: "text"; text: string }
  | {
      type: "image";
      data?: string;
      url?: string;
      mimeType?: string;
      detail?: "low" | "high" | "auto";
    };

export interface ModelMessage {
  role: "system" | "user" | "assistant";
  content: string | ContentPart[];
}

export interface ModelSettings {
  seed: number;
  temperature: number;
  topP: number;
  frequencyPenalty: number;
  presencePenalty: number;
  maxOutputTokens?: number;
  timeoutMs: number;
}

export interface GenerateObjectRequest<T> {
  schema: z.ZodType<T>;
  /** Also the offline task name; [a-zA-Z0-9_-]. */
  schemaName: string;
  messages: ModelMessage[];
  settings?: Partial<ModelSettings>;
  /** Session, chunk … handed to the metrics hook untouched. */
  context?: Record<string, unknown>;
  signal?: AbortSignal;
  /**
   * The caller's ask number for the same question (1 = first ask, 2 = first re-ask after the
   * caller refused an answer …). Part of the cache key: a re-ask is a new request, never a hit
   * on an earlier ask's entry.
   */
  ask?: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface GenerateObjectResult<T> {
  value: T;
  usage: TokenUsage;
  responseId?: string;
  fingerprint?: string;
  durationMs: number;
  retries: number;
  cached: boolean;
  provider: string;
  model: string;
}

export type RequestErrorType =
  | "timeout"
  | "permanent"
  | "transient"
  | "budget_exceeded"
  | "model_output_invalid";

/**
 * One attempt of one request, as it happened: `answered`, `retry` (it failed and will be tried
 * again after `waitMs`), `invalid` (an answer that failed validation; a re-ask follows or the
 * request fails) or `failed` (no further attempt). Reported through the client's `onAttempt`.
 */
export interface ModelAttempt {
  requestId: string;
  schemaName: string;
  /** 1-based count of attempts sent for this request (retries and re-asks included). */
  attempt: number;
  /** The ask this attempt belongs to: the caller's `ask`, plus one per corrective re-ask. */
  ask: number;
  outcome: "answered" | "retry" | "invalid" | "failed";
  status?: number;
  errorType?: RequestErrorType;
  waitMs?: number;
  context: Record<string, unknown>;
}

export interface RequestMetrics {
  requestId: string;
  provider: string;
  model: string;
  schemaName: string;
  responseId?: string;
  fingerprint?: string;
  usage: TokenUsage;
  durationMs: number;
  retryDelayMs: number;
  retries: number;
  context: Record<string, unknown>;
  outcome: "success" | "cached" | "error";
  errorType?: RequestErrorType;
  status?: number;
  timestamp: string;
}

export interface UsageTotals {
  /** generateObject calls (each answered, cached or failed once). */
  requests: number;
  cachedRequests: number;
  failedRequests: number;
  /** Attempts that reached the provider: first tries, retries and re-asks. */
  sentRequests: number;
  /** Attempts repeated after a timeout or transient failure (each one a run event). */
  retriedRequests: number;
  /** Requests asked again after an invalid answer (the door's corrective turn or the caller's). */
  reaskedRequests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** false when some request used a model without a known price (its cost counted as 0). */
  priced: boolean;
}

/** What a provider receives: messages already redacted, truncated and capped. */
export interface ProviderRequest {
  schemaName: string;
  jsonSchema: Record<string, unknown>;
  /** false when the schema cannot be expressed in strict mode; the answer is validated locally anyway. */
  strict: boolean;
  messages: ModelMessage[];
  settings: ModelSettings;
  signal: AbortSignal;
  /** The caller's context (session, chunk …); offline tasks may use it, networked providers ignore it. */
  context: Record<string, unknown>;
}

export interface ProviderResponse {
  /** Raw answer text (JSON expected); providers that return parsed values set `value` instead. */
  text?: string;
  value?: unknown;
  usage: { inputTokens: number; outputTokens: number };
  responseId?: string;
  fingerprint?: string;
  /** Set when the answering model differs from the configured one (offline tasks name themselves). */
  model?: string;
}

/** One implementation per provider name; retries, cache, limits and validation live above it. */
export interface ModelProvider {
  readonly provider: string;
  readonly model: string;
  readonly offline: boolean;
  complete(request: ProviderRequest): Promise<ProviderResponse>;
}
