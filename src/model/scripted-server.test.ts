import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ScriptedOpenAIServer,
  scriptedEmbedding,
  startScriptedOpenAIServer,
} from "./scripted-server.js";

let server: ScriptedOpenAIServer;
beforeAll(async () => {
  server = await startScriptedOpenAIServer({
    answers: [{ error: { status: 429, retryAfterMs: 1500 } }],
    embeddingDimensions: 16,
  });
});
afterAll(() => server.close());

describe("scripted OpenAI-compatible server", () => {
  const client = () => new OpenAI({ apiKey: "test", baseURL: server.url, maxRetries: 0 });

  it("listens on 127.0.0.1 only", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it("serves deterministic unit-length embeddings through the SDK (base64 and float)", async () => {
    const response = await client().embeddings.create({
      model: "any",
      input: ["hello", "world", "hello"],
    });
    const [hello, world, again] = response.data.map((item) => item.embedding);
    expect(hello).toHaveLength(16);
    expect(again).toEqual(hello);
    expect(world).not.toEqual(hello);
    expect(Math.hypot(...(hello ?? []))).toBeCloseTo(1, 5);
    for (const [index, value] of scriptedEmbedding("hello", 16).entries())
      expect(hello?.[index]).toBeCloseTo(value, 5);
    const floats = await client().embeddings.create({
      model: "any",
      input: "hello",
      encoding_format: "float",
    });
    expect(floats.data[0]?.embedding[0]).toBeCloseTo(hello?.[0] ?? Number.NaN, 5);
  });

  it("lists models and sends scripted errors with their headers", async () => {
    const models = await client().models.list();
    expect(models.data[0]?.id).toBe("scripted");
    const failure = await client()
      .chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 429 });
    expect((failure as { headers: Headers }).headers.get("retry-after-ms")).toBe("1500");
    expect(server.requests.map((request) => request.path)).toContain("/v1/chat/completions");
  });
});
