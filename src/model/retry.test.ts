import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { describe, expect, it } from "vitest";
import { PermanentError, TimeoutError, TracemillError, TransientError } from "../core/errors.js";
import { classifyProviderError, computeRetryDelay, retryAfterFrom, withRetries } from "./retry.js";

const httpError = (status: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`HTTP ${status}`), { status, headers });

describe("classifyProviderError", () => {
  it("treats 408, 409, 429 and 5xx as transient and other 4xx as permanent", () => {
    for (const status of [408, 409, 429, 500, 502, 503, 504]) {
      expect(classifyProviderError(httpError(status))).toMatchObject({ kind: "transient", status });
    }
    for (const status of [400, 401, 403, 404, 422]) {
      expect(classifyProviderError(httpError(status))).toMatchObject({ kind: "permanent", status });
    }
  });

  it("reads Retry-After from openai SDK errors (Headers) and from plain header objects", () => {
    const sdkError = APIError.generate(
      429,
      { message: "rate limited" },
      undefined,
      new Headers({ "retry-after": "2" }),
    );
    expect(classifyProviderError(sdkError)).toMatchObject({
      kind: "transient",
      status: 429,
      retryAfterMs: 2000,
    });
    expect(classifyProviderError(httpError(503, { "Retry-After-Ms": "250" }))).toMatchObject({
      retryAfterMs: 250,
    });
  });

  it("classifies SDK connection failures and timeouts", () => {
    expect(classifyProviderError(new APIConnectionTimeoutError()).kind).toBe("timeout");
    expect(classifyProviderError(new APIConnectionError({ message: "refused" })).kind).toBe(
      "transient",
    );
    expect(
      classifyProviderError(Object.assign(new Error("reset"), { code: "ECONNRESET" })).kind,
    ).toBe("transient");
    expect(classifyProviderError(new TimeoutError("slow")).kind).toBe("timeout");
  });

  it("does not retry programming errors or our own non-transient errors", () => {
    expect(classifyProviderError(new RangeError("bug")).kind).toBe("permanent");
    expect(classifyProviderError(new TracemillError("model_output_invalid", "bad")).kind).toBe(
      "permanent",
    );
  });
});

describe("retry delays", () => {
  it("parses retry-after as seconds or an HTTP date, preferring retry-after-ms", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterFrom({ "retry-after": "3" }, now)).toBe(3000);
    expect(retryAfterFrom({ "retry-after": "Wed, 01 Jan 2025 00:00:05 GMT" }, now)).toBe(5000);
    expect(retryAfterFrom({ "retry-after": "1", "retry-after-ms": "20" }, now)).toBe(20);
    expect(retryAfterFrom({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(retryAfterFrom(undefined, now)).toBeUndefined();
  });

  it("caps a server-requested delay and jitters backoff below the exponential ceiling", () => {
    expect(computeRetryDelay(1, { retryAfterMs: 60_000 }, { capMs: 1000, baseMs: 100 })).toBe(1000);
    expect(computeRetryDelay(3, {}, { capMs: 30_000, baseMs: 100 }, () => 0.999)).toBe(399);
    expect(computeRetryDelay(20, {}, { capMs: 2000, baseMs: 100 }, () => 0.999)).toBe(1998);
    expect(computeRetryDelay(2, {}, { capMs: 2000, baseMs: 100 }, () => 0)).toBe(0);
  });
});

describe("withRetries", () => {
  it("retries transient failures and reports the count", async () => {
    const delays: number[] = [];
    const outcome = await withRetries(
      async (attempt) => {
        if (attempt < 3) throw httpError(503, { "retry-after-ms": "10" });
        return "done";
      },
      { maxRetries: 5, capMs: 1000, onRetry: ({ delayMs }) => delays.push(delayMs) },
    );
    expect(outcome.value).toBe("done");
    expect(outcome.retries).toBe(2);
    expect(delays).toEqual([10, 10]);
    expect(outcome.retryDelayMs).toBeGreaterThanOrEqual(15);
  });

  it("stops at once on a permanent failure", async () => {
    let attempts = 0;
    const failure = await withRetries(
      async () => {
        attempts += 1;
        throw httpError(401);
      },
      { maxRetries: 5, capMs: 10 },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentError);
    expect((failure as PermanentError).status).toBe(401);
    expect(attempts).toBe(1);
  });

  it("raises TransientError or TimeoutError when the retries run out", async () => {
    const transient = await withRetries(() => Promise.reject(httpError(429)), {
      maxRetries: 2,
      capMs: 5,
    }).catch((error: unknown) => error);
    expect(transient).toBeInstanceOf(TransientError);
    expect((transient as TransientError).message).toMatch(/3 attempts.*429/);
    const timeout = await withRetries(() => Promise.reject(new APIConnectionTimeoutError()), {
      maxRetries: 1,
      capMs: 5,
    }).catch((error: unknown) => error);
    expect(timeout).toBeInstanceOf(TimeoutError);
  });

  it("stops waiting when the caller aborts", async () => {
    const controller = new AbortController();
    const pending = withRetries(() => Promise.reject(httpError(503, { "retry-after": "10" })), {
      maxRetries: 3,
      capMs: 30_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("cancelled by user")), 30);
    await expect(pending).rejects.toThrow("cancelled by user");
  });
});
