import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { modelConfigSchema } from "../core/config.js";
import { createMemoryCache } from "./cache.js";
import { createModelClient } from "./model-client.js";
import { createRateLimiter } from "./rate-limiter.js";
import { requestCounts } from "./request-metrics.js";
import type { Script } from "./script.js";
import { type ScriptedOpenAIServer, startScriptedOpenAIServer } from "./scripted-server.js";
import type { ModelAttempt } from "./types.js";

/** Issue 13: every attempt that leaves the process is an event and is counted. */
const answerSchema = z.object({ answer: z.string(), score: z.number().int().min(0).max(10) });
const question = (ask?: number) => ({
  schema: answerSchema,
  schemaName: "grade_answer",
  messages: [{ role: "user" as const, content: "How good is this trace?" }],
  ...(ask === undefined ? {} : { ask }),
});
const good = { value: { answer: "fine", score: 7 } };

const servers: ScriptedOpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(script: Script, cache = false) {
  const server = await startScriptedOpenAIServer(script);
  servers.push(server);
  const attempts: ModelAttempt[] = [];
  const client = createModelClient(
    modelConfigSchema.parse({
      provider: "openai:gpt-4o-mini",
      baseUrl: server.url,
      maxRetries: 3,
      retryCapMs: 5000,
    }),
    {
      rateLimiter: createRateLimiter({ maxTokens: 100, refillPerSecond: 100, concurrency: 8 }),
      onAttempt: (attempt) => attempts.push(attempt),
      ...(cache ? { cache: createMemoryCache() } : {}),
    },
  );
  return { server, client, attempts };
}

describe("model attempts", () => {
  it("reports each retry with its status and wait, and counts requests sent beside needed", async () => {
    const { client, server, attempts } = await setup({
      answers: [
        { error: { status: 503, retryAfterMs: 5 } },
        { error: { status: 429, retryAfterMs: 7 } },
        good,
      ],
    });
    await client.generateObject(question());
    expect(server.requests.filter((request) => request.path.includes("chat"))).toHaveLength(3);
    expect(
      attempts.map(({ attempt, outcome, status, waitMs }) => ({
        attempt,
        outcome,
        status,
        waitMs,
      })),
    ).toEqual([
      { attempt: 1, outcome: "retry", status: 503, waitMs: 5 },
      { attempt: 2, outcome: "retry", status: 429, waitMs: 7 },
      { attempt: 3, outcome: "answered", status: undefined, waitMs: undefined },
    ]);
    expect(requestCounts(client.usage())).toEqual({
      requests_needed: 1,
      requests_sent: 3,
      requests_retried: 2,
      requests_reasked: 0,
      requests_cached: 0,
      requests_failed: 0,
    });
  });

  it("counts the door's corrective re-ask as a sent request and reports the invalid answer", async () => {
    const { client, attempts } = await setup({ answers: [{ text: "not json at all" }, good] });
    await client.generateObject(question());
    expect(attempts.map(({ attempt, ask, outcome }) => ({ attempt, ask, outcome }))).toEqual([
      { attempt: 1, ask: 1, outcome: "invalid" },
      { attempt: 2, ask: 2, outcome: "answered" },
    ]);
    expect(client.usage()).toMatchObject({ requests: 1, sentRequests: 2, reaskedRequests: 1 });
  });

  it("never answers a caller's re-ask from the entry of an earlier ask", async () => {
    const { client, server } = await setup({ answers: [{ ...good, times: 5 }] }, true);
    const first = await client.generateObject(question());
    const reask = await client.generateObject(question(2));
    const again = await client.generateObject(question(2));
    expect([first.cached, reask.cached, again.cached]).toEqual([false, false, true]);
    expect(server.requests.filter((request) => request.path.includes("chat"))).toHaveLength(2);
    expect(requestCounts(client.usage())).toMatchObject({
      requests_needed: 3,
      requests_sent: 2,
      requests_reasked: 2,
      requests_cached: 1,
    });
  });

  it("reports the last attempt of a request that fails for good", async () => {
    const { client, attempts } = await setup({ answers: [{ error: { status: 400 } }] });
    await expect(client.generateObject(question())).rejects.toThrow();
    expect(attempts).toMatchObject([
      { attempt: 1, outcome: "failed", status: 400, errorType: "permanent" },
    ]);
    expect(client.usage()).toMatchObject({ requests: 1, sentRequests: 1, failedRequests: 1 });
  });
});
