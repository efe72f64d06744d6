import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from "openai/error";
import pRetry, { AbortError } from "p-retry";
import { PermanentError, TimeoutError, TracemillError, TransientError } from "../core/errors.js";

/**
 * Retries for model requests. p-retry counts attempts and handles abort; the delay is ours
 * because it depends on the failure (Retry-After / retry-after-ms from the server, else
 * exponential backoff with full jitter), always capped at `capMs`.
 */
export interface RetryOptions {
  maxRetries: number;
  capMs: number;
  baseMs?: number;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

export interface RetryOutcome<T> {
  value: T;
  retries: number;
  retryDelayMs: number;
}

export interface ProviderErrorClass {
  kind: "timeout" | "permanent" | "transient";
  status?: number;
  retryAfterMs?: number;
  message: string;
}

const defaultCapMs = 30_000;
const defaultBaseMs = 500;
const retryableStatuses = new Set([408, 409, 429]);
const networkCodes = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<RetryOutcome<T>> {
  const capMs = options.capMs > 0 ? options.capMs : defaultCapMs;
  const baseMs = options.baseMs ?? defaultBaseMs;
  let retries = 0;
  let retryDelayMs = 0;
  let last: { error: unknown; classification: ProviderErrorClass } | undefined;

  try {
    const value = await pRetry(
      async (attempt) => {
        try {
          return await operation(attempt);
        } catch (error) {
          const classification = classifyProviderError(error);
          last = { error, classification };
          if (classification.kind === "permanent")
            throw new AbortError(toPermanentError(error, classification));
          // p-retry refuses to retry a plain TypeError, so hand it a neutral Error instead.
          throw error instanceof Error && !(error instanceof TypeError)
            ? error
            : new Error(classification.message, { cause: error });
        }
      },
      {
        retries: Math.max(0, options.maxRetries),
        minTimeout: 0,
        maxTimeout: 0,
        randomize: false,
        signal: options.signal,
        onFailedAttempt: async ({ attemptNumber, retriesLeft }) => {
          if (retriesLeft <= 0 || last === undefined) return;
          const delayMs = computeRetryDelay(attemptNumber, last.classification, { capMs, baseMs });
          options.onRetry?.({ attempt: attemptNumber, delayMs, error: last.error });
          const started = performance.now();
          await sleep(delayMs, options.signal);
          retryDelayMs += performance.now() - started;
          retries += 1;
        },
      },
    );
    return { value, retries, retryDelayMs: Math.round(retryDelayMs) };
  } catch (error) {
    throw finalError(error, last, retries, retryDelayMs, options.signal);
  }
}

/** Server-requested delay when there is one, else full-jitter exponential backoff; both capped. */
export function computeRetryDelay(
  attempt: number,
  classification: Pick<ProviderErrorClass, "retryAfterMs">,
  options: { capMs: number; baseMs: number },
  random: () => number = Math.random,
): number {
  if (classification.retryAfterMs !== undefined)
    return Math.min(classification.retryAfterMs, options.capMs);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export function classifyProviderError(error: unknown): ProviderErrorClass {
  const message = messageOf(error);
  if (error instanceof TracemillError) {
    const status = (error as { status?: number }).status;
    const kind =
      error.code === "timeout" ? "timeout" : error.code === "transient" ? "transient" : "permanent";
    return withOptional({ kind, message }, status, undefined);
  }
  const name = (error as { name?: unknown } | null)?.name;
  if (error instanceof APIConnectionTimeoutError || name === "TimeoutError") {
    return { kind: "timeout", message };
  }
  if (error instanceof APIUserAbortError || name === "AbortError")
    return { kind: "permanent", message };
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === "number") {
    const retryAfterMs = retryAfterFrom((error as { headers?: unknown }).headers);
    const permanent = status >= 400 && status < 500 && !retryableStatuses.has(status);
    return withOptional(
      { kind: permanent ? "permanent" : "transient", message },
      status,
      retryAfterMs,
    );
  }
  if (error instanceof APIConnectionError) return { kind: "transient", message };
  const code = networkCodeOf(error);
  if (code === "ETIMEDOUT" || code === "UND_ERR_HEADERS_TIMEOUT")
    return { kind: "timeout", message };
  if (code !== undefined && networkCodes.has(code)) return { kind: "transient", message };
  if (error instanceof TypeError && /fetch failed|network|socket/i.test(error.message)) {
    return { kind: "transient", message };
  }
  return { kind: "permanent", message };
}

/** `retry-after-ms` (milliseconds) wins over `retry-after` (seconds or an HTTP date). */
export function retryAfterFrom(headers: unknown, now: number = Date.now()): number | undefined {
  const milliseconds = Number.parseFloat(headerValue(headers, "retry-after-ms") ?? "");
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const raw = headerValue(headers, "retry-after")?.trim();
  if (raw === undefined || raw === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number.parseFloat(raw) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== "object") return undefined;
  if (typeof (headers as Headers).get === "function")
    return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
  }
  return undefined;
}

function toPermanentError(error: unknown, classification: ProviderErrorClass): Error {
  if (error instanceof TracemillError) return error;
  const statusText = classification.status === undefined ? "" : ` (HTTP ${classification.status})`;
  return new PermanentError(`model request failed${statusText}: ${classification.message}`, {
    cause: error,
    status: classification.status,
  });
}

function finalError(
  error: unknown,
  last: { error: unknown; classification: ProviderErrorClass } | undefined,
  retries: number,
  retryDelayMs: number,
  signal: AbortSignal | undefined,
): unknown {
  if (signal?.aborted && (error === signal.reason || last === undefined)) return error;
  if (error instanceof TracemillError && !(error.code === "timeout" || error.code === "transient"))
    return error;
  if (last === undefined) return error;
  const { classification } = last;
  const details = { retries, retryDelayMs: Math.round(retryDelayMs) };
  const attempts = `${retries + 1} attempt${retries === 0 ? "" : "s"}`;
  if (classification.kind === "timeout") {
    return new TimeoutError(`model request timed out (${attempts}): ${classification.message}`, {
      cause: last.error,
      details,
    });
  }
  const statusText =
    classification.status === undefined ? "" : ` (last HTTP ${classification.status})`;
  return new TransientError(
    `model request failed after ${attempts}${statusText}: ${classification.message}`,
    {
      cause: last.error,
      details,
      status: classification.status,
    },
  );
}

function withOptional(
  base: { kind: ProviderErrorClass["kind"]; message: string },
  status: number | undefined,
  retryAfterMs: number | undefined,
): ProviderErrorClass {
  const result: ProviderErrorClass = { ...base };
  if (status !== undefined) result.status = status;
  if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
  return result;
}

function networkCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause === undefined || cause === error ? undefined : networkCodeOf(cause);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : String(error);
}

function sleep(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  if (milliseconds <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
