import { describe, expect, it } from "vitest";
import { createRateLimiter, sharedRateLimiter } from "./rate-limiter.js";

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe("rate limiter", () => {
  it("spends the burst at once, then spaces calls at the refill rate", async () => {
    const limiter = createRateLimiter({ maxTokens: 2, refillPerSecond: 10, concurrency: 10 });
    const started = performance.now();
    const finished: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(() =>
        limiter.schedule(async () => finished.push(performance.now() - started)),
      ),
    );
    expect(finished[1]).toBeLessThan(80);
    expect(finished[3]).toBeGreaterThanOrEqual(170);
  });

  it("reports tokens left and the queue length", async () => {
    const limiter = createRateLimiter({ maxTokens: 1, refillPerSecond: 5, concurrency: 4 });
    expect(limiter.stats()).toMatchObject({ tokens: 1, maxTokens: 1, queued: 0, active: 0 });
    const pending = [1, 2, 3].map(() => limiter.schedule(() => sleep(5)));
    await sleep(20);
    const stats = limiter.stats();
    expect(stats.queued).toBe(2);
    expect(stats.tokens).toBeLessThan(1);
    await Promise.all(pending);
    expect(limiter.stats()).toMatchObject({ queued: 0, active: 0 });
  });

  it("never runs more tasks at once than the concurrency cap", async () => {
    const limiter = createRateLimiter({ maxTokens: 100, refillPerSecond: 100, concurrency: 2 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        limiter.schedule(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await sleep(15);
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
  });

  it("propagates task failures and keeps serving", async () => {
    const limiter = createRateLimiter({ maxTokens: 5, refillPerSecond: 5, concurrency: 1 });
    await expect(limiter.schedule(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limiter.schedule(async () => "next")).resolves.toBe("next");
    await expect(limiter.schedule(async () => 1, 6)).rejects.toThrow(/at most maxTokens/);
  });

  it("shares one instance per distinct options across the process", () => {
    const options = { maxTokens: 3, refillPerSecond: 1, concurrency: 1 };
    expect(sharedRateLimiter(options)).toBe(sharedRateLimiter({ ...options }));
    expect(sharedRateLimiter(options)).not.toBe(sharedRateLimiter({ ...options, concurrency: 2 }));
  });
});
