import { TracemillError } from "../core/errors.js";
import type { RequestErrorType, RequestMetrics, TokenUsage, UsageTotals } from "./types.js";

/** Running totals for one client, and the error half of a request's metrics record. */
export interface UsageAccumulator {
  addSuccess(usage: TokenUsage, priced: boolean): void;
  addCached(): void;
  addFailure(usage: TokenUsage): void;
  addSent(): void;
  addRetry(): void;
  addReask(): void;
  snapshot(): UsageTotals;
}

export function createUsageAccumulator(): UsageAccumulator {
  const totals: UsageTotals = {
    requests: 0,
    cachedRequests: 0,
    failedRequests: 0,
    sentRequests: 0,
    retriedRequests: 0,
    reaskedRequests: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    priced: true,
  };
  const add = (usage: TokenUsage) => {
    totals.inputTokens += usage.inputTokens;
    totals.outputTokens += usage.outputTokens;
    totals.costUsd += usage.costUsd;
  };
  return {
    addSuccess(usage, priced) {
      totals.requests += 1;
      add(usage);
      if (!priced) totals.priced = false;
    },
    addCached() {
      totals.requests += 1;
      totals.cachedRequests += 1;
    },
    addFailure(usage) {
      totals.requests += 1;
      totals.failedRequests += 1;
      add(usage);
    },
    addSent() {
      totals.sentRequests += 1;
    },
    addRetry() {
      totals.retriedRequests += 1;
    },
    addReask() {
      totals.reaskedRequests += 1;
    },
    snapshot: () => ({ ...totals }),
  };
}

/** A client's request counts as metrics.json names them; sent includes every retry and re-ask. */
export function requestCounts(totals: UsageTotals): Record<string, number> {
  return {
    requests_needed: totals.requests,
    requests_sent: totals.sentRequests,
    requests_retried: totals.retriedRequests,
    requests_reasked: totals.reaskedRequests,
    requests_cached: totals.cachedRequests,
    requests_failed: totals.failedRequests,
  };
}

const namedErrorTypes = new Set<string>([
  "timeout",
  "permanent",
  "transient",
  "budget_exceeded",
  "model_output_invalid",
]);

export function errorTypeOf(error: unknown): RequestErrorType {
  if (error instanceof TracemillError && namedErrorTypes.has(error.code))
    return error.code as RequestErrorType;
  // Anything else (bad input, no offline algorithm, a caller's abort) is not fixed by asking again.
  return "permanent";
}

export function errorMetrics(
  error: unknown,
  spent: { retries: number; retryDelayMs: number },
): Pick<RequestMetrics, "outcome" | "errorType" | "status" | "retries" | "retryDelayMs"> {
  const details = error instanceof TracemillError ? (error.details ?? {}) : {};
  const retries = spent.retries + (typeof details.retries === "number" ? details.retries : 0);
  const retryDelayMs =
    spent.retryDelayMs + (typeof details.retryDelayMs === "number" ? details.retryDelayMs : 0);
  const status = (error as { status?: unknown } | null)?.status;
  const metrics: Pick<
    RequestMetrics,
    "outcome" | "errorType" | "status" | "retries" | "retryDelayMs"
  > = {
    outcome: "error",
    errorType: errorTypeOf(error),
    retries,
    retryDelayMs: Math.round(retryDelayMs),
  };
  if (typeof status === "number") metrics.status = status;
  return metrics;
}
