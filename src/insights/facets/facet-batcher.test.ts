import { afterEach, describe, expect, it } from "vitest";
import { modelConfigSchema } from "../../core/config.js";
import { PermanentError, TracemillError, TransientError } from "../../core/errors.js";
import { createModelClient } from "../../model/model-client.js";
import { createRateLimiter } from "../../model/rate-limiter.js";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../../model/scripted-server.js";
import type { Conversation } from "../input/conversation.js";
import { createFacetBatcher } from "./facet-batcher.js";
import type { FacetRecord } from "./facet-record.js";

const conversations = (count: number): Conversation[] =>
  Array.from({ length: count }, (_, index) => ({
    conversation_id: `c${index}`,
    user_id: `u${index % 5}`,
    timestamp: "2024-05-01T10:00:00Z",
    schema_version: "1.0.0",
    messages: [
      { role: "user" as const, content: `Question number ${index} about gardening tomatoes?` },
    ],
  }));

const recordFor = (conversation: Conversation): FacetRecord => ({
  conversation_id: conversation.conversation_id,
  user_key: "u_0",
  summary: "s",
  task: "t",
  language: "en",
  language_confidence: 1,
  concerning_score: 1,
  counts: { messages: 1, turns: 1, user_chars: 1, assistant_chars: 0 },
  facet_source: "test",
});

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("createFacetBatcher", () => {
  it("delivers in input order, sends failures to onError and goes on", async () => {
    const delivered: string[] = [];
    const batcher = createFacetBatcher({
      concurrency: { min: 1, max: 4, start: 4 },
      // Later items finish first: ordering must come from the batcher, not from timing.
      extract: async (conversation) => {
        const index = Number(conversation.conversation_id.slice(1));
        await tick((10 - index) * 2);
        if (index === 3) throw new PermanentError("bad request for c3");
        return recordFor(conversation);
      },
      onResult: (record) => {
        delivered.push(record.conversation_id);
      },
      onError: (error, item) => {
        delivered.push(`error:${item.conversation.conversation_id}:${error.code}`);
        expect(error.message).toContain("conversation c3 (input item 4)");
      },
    });
    const stats = await batcher.run(conversations(10));
    expect(delivered).toEqual([
      "c0",
      "c1",
      "c2",
      "error:c3:permanent",
      "c4",
      "c5",
      "c6",
      "c7",
      "c8",
      "c9",
    ]);
    expect(stats).toMatchObject({ items: 10, succeeded: 9, failed: 1, retried: 0, aborted: false });
  });

  it("halves concurrency on transient failures, retries the item once, and never exceeds the level", async () => {
    let inFlight = 0;
    let peak = 0;
    const attempts = new Map<string, number>();
    const levels: number[] = [];
    const failed: string[] = [];
    const batcher = createFacetBatcher({
      concurrency: { min: 1, max: 8, start: 8 },
      raiseAfter: 1000,
      extract: async (conversation) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        const attempt = (attempts.get(conversation.conversation_id) ?? 0) + 1;
        attempts.set(conversation.conversation_id, attempt);
        await tick(2);
        inFlight -= 1;
        const index = Number(conversation.conversation_id.slice(1));
        // c0–c2 fail with 429 the first time; c5 keeps failing.
        if ((index < 3 && attempt === 1) || index === 5) {
          throw new TransientError("HTTP 429 after retries", { status: 429 });
        }
        return recordFor(conversation);
      },
      onResult: () => undefined,
      onError: (_error, item) => {
        failed.push(item.conversation.conversation_id);
      },
      onConcurrencyChange: (level) => levels.push(level),
    });
    const stats = await batcher.run(conversations(12));
    expect(levels.slice(0, 3)).toEqual([4, 2, 1]);
    expect(batcher.concurrency()).toBe(1);
    expect(failed).toEqual(["c5"]);
    expect(attempts.get("c0")).toBe(2);
    expect(attempts.get("c5")).toBe(2);
    expect(stats.succeeded).toBe(11);
    expect(stats.retried).toBe(4);
    expect(peak).toBeLessThanOrEqual(8);
  });

  it("raises concurrency after runs of successes, up to max", async () => {
    let inFlight = 0;
    let peak = 0;
    const batcher = createFacetBatcher({
      concurrency: { min: 1, max: 3, start: 1 },
      raiseAfter: 2,
      extract: async (conversation) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await tick(3);
        inFlight -= 1;
        return recordFor(conversation);
      },
      onResult: () => undefined,
      onError: () => undefined,
    });
    const stats = await batcher.run(conversations(30));
    expect(stats.raises).toBe(2);
    expect(stats.peakConcurrency).toBe(3);
    expect(batcher.concurrency()).toBe(3);
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });

  it("stops and rejects when onResult throws (a write failure must not be skipped)", async () => {
    const batcher = createFacetBatcher({
      extract: async (conversation) => recordFor(conversation),
      onResult: (record) => {
        if (record.conversation_id === "c2") throw new TracemillError("io", "disk full");
      },
      onError: () => undefined,
    });
    await expect(batcher.run(conversations(20))).rejects.toThrow("disk full");
  });

  it("reads async iterables and stops starting items once aborted", async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    async function* source() {
      for (const conversation of conversations(50)) yield conversation;
    }
    const batcher = createFacetBatcher({
      concurrency: { min: 1, max: 2, start: 2 },
      signal: controller.signal,
      extract: async (conversation) => {
        await tick(1);
        return recordFor(conversation);
      },
      onResult: (record) => {
        seen.push(record.conversation_id);
        if (seen.length === 5) controller.abort();
      },
      onError: () => undefined,
    });
    const stats = await batcher.run(source());
    expect(stats.aborted).toBe(true);
    expect(stats.items).toBeLessThan(50);
    expect(seen.slice(0, 5)).toEqual(["c0", "c1", "c2", "c3", "c4"]);
  });

  it("needs a salt when it extracts facets itself", async () => {
    const errors: string[] = [];
    const batcher = createFacetBatcher({
      onResult: () => undefined,
      onError: (error) => {
        errors.push(error.code);
      },
    });
    await batcher.run(conversations(1));
    expect(errors).toEqual(["config_invalid"]);
  });
});

describe("createFacetBatcher with the model door over HTTP", () => {
  let server: ScriptedOpenAIServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it("backs off on a 429 from the endpoint and finishes every item", async () => {
    const answer = {
      value: {
        summary: "A question about tomatoes.",
        task: "Grow tomatoes",
        language: "en",
        language_confidence: 0.9,
        concerning_score: 1,
      },
    };
    server = await startScriptedOpenAIServer({
      answers: [{ error: { status: 429, message: "slow down" } }, { ...answer, times: 10 }],
    });
    const client = createModelClient(
      modelConfigSchema.parse({
        provider: "openai:gpt-4o-mini",
        baseUrl: server.url,
        apiKey: "k",
        maxRetries: 0,
        cache: false,
      }),
      { rateLimiter: createRateLimiter({ maxTokens: 100, refillPerSecond: 100, concurrency: 8 }) },
    );
    const records: FacetRecord[] = [];
    const levels: number[] = [];
    const batcher = createFacetBatcher({
      client,
      salt: "salt",
      concurrency: { min: 1, max: 4, start: 4 },
      onResult: (record) => {
        records.push(record);
      },
      onError: (error) => {
        throw error;
      },
      onConcurrencyChange: (level, reason) => levels.push(reason === "backoff" ? -level : level),
    });
    const stats = await batcher.run(conversations(6));
    expect(records.map((record) => record.conversation_id)).toEqual([
      "c0",
      "c1",
      "c2",
      "c3",
      "c4",
      "c5",
    ]);
    expect(records.every((record) => record.facet_source === "openai:gpt-4o-mini")).toBe(true);
    expect(levels[0]).toBe(-2);
    expect(stats).toMatchObject({ backoffs: 1, retried: 1, failed: 0 });
    expect(server.requests.length).toBe(7);
  });
});
