import { TokenBucket } from "limiter";
import pLimit from "p-limit";
import { canonicalJson } from "../core/canonical-json.js";
import { TracemillError } from "../core/errors.js";

/**
 * Token bucket (burst of `maxTokens`, refilled at `refillPerSecond`) plus a concurrency cap.
 * Tokens are granted first-come first-served, so a queued request is never overtaken.
 */
export interface RateLimiterOptions {
  maxTokens: number;
  refillPerSecond: number;
  concurrency: number;
}

export interface RateLimiterStats {
  tokens: number;
  maxTokens: number;
  refillPerSecond: number;
  queued: number;
  active: number;
  concurrency: number;
}

export interface SharedRateLimiter {
  schedule<T>(task: () => Promise<T>, cost?: number): Promise<T>;
  stats(): RateLimiterStats;
}

export const defaultRateLimiterOptions: RateLimiterOptions = {
  maxTokens: 10,
  refillPerSecond: 2,
  concurrency: 4,
};

export function createRateLimiter(options: RateLimiterOptions): SharedRateLimiter {
  validate(options);
  const bucket = new TokenBucket({
    bucketSize: options.maxTokens,
    tokensPerInterval: options.refillPerSecond,
    interval: "second",
  });
  // The library starts empty; a fresh limiter should allow its full burst at once.
  bucket.content = options.maxTokens;
  const limit = pLimit(options.concurrency);
  let tokenQueue: Promise<unknown> = Promise.resolve();
  let queued = 0;
  let active = 0;

  const takeTokens = (cost: number): Promise<unknown> => {
    const granted = tokenQueue.then(() => bucket.removeTokens(cost));
    tokenQueue = granted.catch(() => undefined);
    return granted;
  };

  return {
    async schedule<T>(task: () => Promise<T>, cost = 1): Promise<T> {
      if (!(cost > 0) || cost > options.maxTokens) {
        throw new TracemillError(
          "input_invalid",
          `rate limiter: cost ${cost} must be positive and at most maxTokens (${options.maxTokens})`,
        );
      }
      queued += 1;
      let started = false;
      try {
        return await limit(async () => {
          await takeTokens(cost);
          queued -= 1;
          started = true;
          active += 1;
          try {
            return await task();
          } finally {
            active -= 1;
          }
        });
      } finally {
        if (!started) queued -= 1;
      }
    },
    stats(): RateLimiterStats {
      bucket.drip();
      return {
        tokens: Math.floor(bucket.content * 1000) / 1000,
        maxTokens: options.maxTokens,
        refillPerSecond: options.refillPerSecond,
        queued,
        active,
        concurrency: options.concurrency,
      };
    },
  };
}

const sharedLimiters = new Map<string, SharedRateLimiter>();

/** process-wide: one instance per distinct options, shared by every caller in the process */
export function sharedRateLimiter(options: RateLimiterOptions): SharedRateLimiter {
  const key = canonicalJson({
    maxTokens: options.maxTokens,
    refillPerSecond: options.refillPerSecond,
    concurrency: options.concurrency,
  });
  let limiter = sharedLimiters.get(key);
  if (limiter === undefined) {
    limiter = createRateLimiter(options);
    sharedLimiters.set(key, limiter);
  }
  return limiter;
}

function validate(options: RateLimiterOptions): void {
  const problems: string[] = [];
  if (!(options.maxTokens > 0)) problems.push("maxTokens must be positive");
  if (!(options.refillPerSecond > 0)) problems.push("refillPerSecond must be positive");
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    problems.push("concurrency must be an integer of at least 1");
  }
  if (problems.length > 0)
    throw new TracemillError("config_invalid", `rate limiter: ${problems.join("; ")}`);
}
