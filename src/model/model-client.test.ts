import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type ModelConfig, modelConfigSchema } from "../core/config.js";
import { PermanentError, TimeoutError, TracemillError, TransientError } from "../core/errors.js";
import { createMemoryCache } from "./cache.js";
import { createModelClient, type ModelClientDeps } from "./model-client.js";
import { createRateLimiter } from "./rate-limiter.js";
import type { Script } from "./script.js";
import { type ScriptedOpenAIServer, startScriptedOpenAIServer } from "./scripted-server.js";
import type { RequestMetrics } from "./types.js";

const answerSchema = z.object({ answer: z.string(), score: z.number().int().min(0).max(10) });
const ask = (text = "How good is this trace?") => ({
  schema: answerSchema,
  schemaName: "grade_answer",
  messages: [{ role: "user" as const, content: text }],
});

const servers: ScriptedOpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(
  script: Script,
  overrides: Partial<ModelConfig> = {},
  deps: ModelClientDeps = {},
) {
  const server = await startScriptedOpenAIServer(script);
  servers.push(server);
  const metrics: RequestMetrics[] = [];
  const config = modelConfigSchema.parse({
    provider: "openai:gpt-4o-mini",
    baseUrl: server.url,
    maxRetries: 3,
    retryCapMs: 5000,
    ...overrides,
  });
  const client = createModelClient(config, {
    rateLimiter: createRateLimiter({ maxTokens: 100, refillPerSecond: 100, concurrency: 8 }),
    onMetrics: (record) => metrics.push(record),
    ...deps,
  });
  return { server, client, metrics };
}

const good = { value: { answer: "fine", score: 7 } };

describe("model client against the scripted OpenAI-compatible server", () => {
  it("returns a validated answer with usage, response id, fingerprint and cost", async () => {
    const { client, server, metrics } = await setup({
      answers: [{ ...good, usage: { inputTokens: 1000, outputTokens: 200 } }],
    });
    const result = await client.generateObject(ask());
    expect(result.value).toEqual({ answer: "fine", score: 7 });
    expect(result.usage.inputTokens).toBe(1000);
    expect(result.usage.outputTokens).toBe(200);
    expect(result.usage.costUsd).toBeCloseTo((1000 * 0.15 + 200 * 0.6) / 1e6, 12);
    expect(result.responseId).toBe("chatcmpl-scripted-1");
    expect(result.fingerprint).toBe("fp_scripted");
    expect(result).toMatchObject({
      cached: false,
      retries: 0,
      provider: "openai",
      model: "gpt-4o-mini",
    });
    expect(server.requests).toHaveLength(1);
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({
      outcome: "success",
      schemaName: "grade_answer",
      responseId: "chatcmpl-scripted-1",
    });
    expect(client.usage()).toMatchObject({
      requests: 1,
      inputTokens: 1000,
      outputTokens: 200,
      priced: true,
    });
  });

  it("sends seed, temperature, top_p, penalties and a strict JSON schema on the wire", async () => {
    const { client, server } = await setup({ answers: [good] }, { seed: 7 });
    await client.generateObject({ ...ask(), settings: { maxOutputTokens: 300 } });
    const body = server.requests[0]?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      model: "gpt-4o-mini",
      seed: 7,
      temperature: 0,
      top_p: 1,
      frequency_penalty: 0,
      presence_penalty: 0,
      max_tokens: 300,
    });
    const format = body.response_format as { type: string; json_schema: Record<string, unknown> };
    expect(format.type).toBe("json_schema");
    expect(format.json_schema).toMatchObject({ name: "grade_answer", strict: true });
    expect(format.json_schema.schema).toMatchObject({
      additionalProperties: false,
      required: ["answer", "score"],
    });
  });

  it("honours Retry-After on a 429 and records the waited delay", async () => {
    const { client, server, metrics } = await setup({
      answers: [{ error: { status: 429, message: "slow down", retryAfterSeconds: 1 } }, good],
    });
    const result = await client.generateObject(ask());
    expect(result.retries).toBe(1);
    expect(server.requests).toHaveLength(2);
    expect(metrics[0]?.retryDelayMs).toBeGreaterThanOrEqual(900);
    expect(metrics[0]?.retries).toBe(1);
  });

  it("retries 500 then 503 then succeeds", async () => {
    const { client, server } = await setup(
      { answers: [{ error: { status: 500 } }, { error: { status: 503 } }, good] },
      { retryCapMs: 50 },
    );
    const result = await client.generateObject(ask());
    expect(result.retries).toBe(2);
    expect(server.requests).toHaveLength(3);
  });

  it("gives up with TransientError carrying the last status once retries are exhausted", async () => {
    const { client, server } = await setup(
      { answers: [{ error: { status: 502 }, times: 5 }] },
      { maxRetries: 2, retryCapMs: 20 },
    );
    const failure = await client.generateObject(ask()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientError);
    expect((failure as TransientError).status).toBe(502);
    expect(server.requests).toHaveLength(3);
  });

  it("caps every retry delay at capMs even when the server asks for longer", async () => {
    const { client, metrics } = await setup(
      { answers: [{ error: { status: 429, retryAfterSeconds: 30 } }, good] },
      { retryCapMs: 150 },
    );
    const started = performance.now();
    await client.generateObject(ask());
    expect(performance.now() - started).toBeLessThan(5000);
    expect(metrics[0]?.retryDelayMs).toBeGreaterThanOrEqual(100);
    expect(metrics[0]?.retryDelayMs).toBeLessThan(1500);
  });

  it("turns a 400 into PermanentError without retrying", async () => {
    const { client, server, metrics } = await setup({
      answers: [{ error: { status: 400, message: "bad schema" } }, good],
    });
    const failure = await client.generateObject(ask()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentError);
    expect((failure as PermanentError).status).toBe(400);
    expect(server.requests).toHaveLength(1);
    expect(metrics[0]).toMatchObject({
      outcome: "error",
      errorType: "permanent",
      status: 400,
      retries: 0,
    });
  });

  it("times out a slow answer and raises TimeoutError after the retries", async () => {
    const { client, server, metrics } = await setup(
      { answers: [{ ...good, delayMs: 2000, times: 3 }] },
      { timeoutMs: 200, maxRetries: 1, retryCapMs: 20 },
    );
    const failure = await client.generateObject(ask()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(2);
    expect(metrics[0]).toMatchObject({ outcome: "error", errorType: "timeout", retries: 1 });
  });

  it("recovers fenced JSON from an endpoint without strict mode", async () => {
    const { client } = await setup({
      answers: [
        {
          text: 'Sure! Here it is:\n```json\n{"answer": "fenced", "score": 3}\n```\nAnything else?',
        },
      ],
    });
    expect((await client.generateObject(ask())).value).toEqual({ answer: "fenced", score: 3 });
  });

  it("re-asks once on malformed JSON and uses the corrected answer", async () => {
    const { client, server } = await setup({
      answers: [{ text: '{"answer": "oops", "score": ' }, good],
    });
    const result = await client.generateObject(ask());
    expect(result.value.score).toBe(7);
    expect(server.requests).toHaveLength(2);
    const second = server.requests[1]?.body as { messages: { role: string; content: string }[] };
    expect(second.messages.at(-1)?.content).toMatch(/not valid JSON/);
  });

  it("fails with model_output_invalid naming the path when the answer violates the schema twice", async () => {
    const { client, metrics } = await setup({
      answers: [{ value: { answer: "x", score: 42 } }, { value: { answer: "x", score: "high" } }],
    });
    const failure = await client.generateObject(ask()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TracemillError);
    expect((failure as TracemillError).code).toBe("model_output_invalid");
    expect((failure as TracemillError).message).toMatch(/score/);
    expect(metrics[0]).toMatchObject({ outcome: "error", errorType: "model_output_invalid" });
    expect(metrics[0]?.usage.inputTokens).toBeGreaterThan(0);
  });

  it("answers a repeated request from the cache without a request and with zero tokens", async () => {
    const { client, server, metrics } = await setup(
      { answers: [good] },
      {},
      { cache: createMemoryCache() },
    );
    await client.generateObject(ask());
    const again = await client.generateObject(ask());
    expect(server.requests).toHaveLength(1);
    expect(again).toMatchObject({
      cached: true,
      value: good.value,
      responseId: "chatcmpl-scripted-1",
    });
    expect(again.usage).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
    expect(metrics.map((record) => record.outcome)).toEqual(["success", "cached"]);
  });

  it("stops before the request that would overspend the budget", async () => {
    const { client, server, metrics } = await setup(
      { answers: [{ ...good, usage: { inputTokens: 100_000, outputTokens: 0 } }, good] },
      { maxCostUsd: 0.0155 },
    );
    const first = await client.generateObject(ask("first"));
    expect(first.usage.costUsd).toBeCloseTo(0.015, 6);
    const failure = await client.generateObject(ask("second")).catch((error: unknown) => error);
    expect((failure as TracemillError).code).toBe("budget_exceeded");
    expect(server.requests).toHaveLength(1);
    expect(metrics[1]).toMatchObject({ outcome: "error", errorType: "budget_exceeded" });
  });

  it("calls the metrics hook for every request, with status and error type on failures", async () => {
    const { client, metrics } = await setup(
      {
        answers: [
          good,
          { error: { status: 404, message: "no such model" } },
          { error: { status: 503 }, times: 2 },
        ],
      },
      { maxRetries: 1, retryCapMs: 10 },
    );
    await client.generateObject({ ...ask(), context: { session: "s1", chunk: 0 } });
    await client.generateObject(ask()).catch(() => undefined);
    await client.generateObject(ask()).catch(() => undefined);
    expect(metrics.map((record) => [record.outcome, record.errorType, record.status])).toEqual([
      ["success", undefined, undefined],
      ["error", "permanent", 404],
      ["error", "transient", 503],
    ]);
    expect(metrics[0]?.context).toEqual({ session: "s1", chunk: 0 });
    expect(new Set(metrics.map((record) => record.requestId)).size).toBe(3);
  });

  it("applies the redactor to every text part on the wire", async () => {
    const redactor = {
      redactText: (text: string) => ({
        text: text.replaceAll(/sk-[a-z0-9]+/g, "[REDACTED:api_key]"),
        findings: [{ rule: "api_key", count: (text.match(/sk-[a-z0-9]+/g) ?? []).length }],
      }),
      redactValue: <T>(value: T) => value,
    };
    const { client, server } = await setup({ answers: [good] }, {}, { redactor });
    await client.generateObject({
      ...ask(),
      messages: [
        { role: "system", content: "key sk-abc123 in system" },
        { role: "user", content: [{ type: "text", text: "and sk-zzz999 in a part" }] },
      ],
    });
    const wire = JSON.stringify(server.requests[0]?.body);
    expect(wire).not.toMatch(/sk-abc123|sk-zzz999/);
    expect(wire.match(/\[REDACTED:api_key\]/g)).toHaveLength(2);
  });

  it("caps images per request and truncates long text parts", async () => {
    const { client, server } = await setup(
      { answers: [good] },
      { images: { maxPerRequest: 1, detail: "low" }, text: { maxCharsPerPart: 50 } },
    );
    const image = { type: "image" as const, data: "aGVsbG8=", mimeType: "image/png" };
    await client.generateObject({
      ...ask(),
      messages: [
        { role: "user", content: [{ type: "text", text: "x".repeat(200) }, image, image] },
      ],
    });
    const body = server.requests[0]?.body as { messages: { content: Record<string, unknown>[] }[] };
    const parts = body.messages[0]?.content ?? [];
    expect(parts.filter((part) => part.type === "image_url")).toHaveLength(1);
    expect(parts.find((part) => part.type === "image_url")).toMatchObject({
      image_url: { detail: "low" },
    });
    expect(String(parts[0]?.text)).toMatch(/^x{50}\n\[truncated/);
    expect(parts.some((part) => String(part.text).includes("1 image(s) omitted"))).toBe(true);
  });

  it("spaces requests through a shared rate limiter", async () => {
    const limiter = createRateLimiter({ maxTokens: 1, refillPerSecond: 5, concurrency: 4 });
    const { client, server } = await setup(
      { answers: [{ ...good, times: 4 }] },
      {},
      { rateLimiter: limiter },
    );
    const started = performance.now();
    const pending = [1, 2, 3, 4].map((index) => client.generateObject(ask(`call ${index}`)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.rateLimiterStats().queued).toBeGreaterThanOrEqual(2);
    await Promise.all(pending);
    expect(performance.now() - started).toBeGreaterThanOrEqual(500);
    expect(server.requests).toHaveLength(4);
  });
});
