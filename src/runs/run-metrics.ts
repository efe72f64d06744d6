/** Run metrics: counts, durations, tokens and cost, summed across the whole run (and its resumes). */
export interface RunMetrics {
  counts: Record<string, number>;
  durationsMs: Record<string, number>;
  tokens: { input: number; output: number };
  costUsd: number;
}

export interface MetricsDelta {
  counts?: Record<string, number>;
  durationsMs?: Record<string, number>;
  tokens?: { input?: number; output?: number };
  costUsd?: number;
}

export function emptyMetrics(): RunMetrics {
  return { counts: {}, durationsMs: {}, tokens: { input: 0, output: 0 }, costUsd: 0 };
}

/** Returns a new metrics object with the delta added; non-finite numbers are ignored. */
export function mergeMetrics(metrics: RunMetrics, delta: MetricsDelta): RunMetrics {
  return {
    counts: addRecords(metrics.counts, delta.counts),
    durationsMs: addRecords(metrics.durationsMs, delta.durationsMs),
    tokens: {
      input: metrics.tokens.input + finite(delta.tokens?.input),
      output: metrics.tokens.output + finite(delta.tokens?.output),
    },
    costUsd: metrics.costUsd + finite(delta.costUsd),
  };
}

/** Reads a stored metrics object leniently: a missing or malformed member counts as zero. */
export function normalizeMetrics(value: unknown): RunMetrics {
  if (typeof value !== "object" || value === null) return emptyMetrics();
  const stored = value as Partial<Record<keyof RunMetrics, unknown>>;
  const tokens = (
    typeof stored.tokens === "object" && stored.tokens !== null ? stored.tokens : {}
  ) as {
    input?: unknown;
    output?: unknown;
  };
  return mergeMetrics(emptyMetrics(), {
    counts: numberRecord(stored.counts),
    durationsMs: numberRecord(stored.durationsMs),
    tokens: { input: finite(tokens.input), output: finite(tokens.output) },
    costUsd: finite(stored.costUsd),
  });
}

function addRecords(
  base: Record<string, number>,
  delta: Record<string, number> | undefined,
): Record<string, number> {
  const result = { ...base };
  for (const [key, value] of Object.entries(delta ?? {})) {
    result[key] = (result[key] ?? 0) + finite(value);
  }
  return result;
}

function numberRecord(value: unknown): Record<string, number> {
  if (typeof value !== "object" || value === null) return {};
  const result: Record<string, number> = {};
  for (const [key, member] of Object.entries(value)) result[key] = finite(member);
  return result;
}

function finite(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}
