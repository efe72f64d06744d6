import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { modelConfigSchema } from "../../core/config.js";
import { TracemillError, TransientError } from "../../core/errors.js";
import { createModelClient } from "../model-client.js";
import { createRateLimiter } from "../rate-limiter.js";
import { createOfflineTaskRegistry } from "./offline.js";
import { isOpenAIEndpoint } from "./openai.js";
import { parseProviderName } from "./registry.js";

const limiter = () => createRateLimiter({ maxTokens: 50, refillPerSecond: 50, concurrency: 4 });
const labelSchema = z.object({ label: z.string() });

describe("provider registry", () => {
  it("splits provider:model and keeps colons inside the model name", () => {
    expect(parseProviderName("openai:gpt-4o-mini")).toEqual({
      provider: "openai",
      model: "gpt-4o-mini",
    });
    expect(parseProviderName("openai:qwen2.5:7b")).toEqual({
      provider: "openai",
      model: "qwen2.5:7b",
    });
  });

  it("rejects unknown providers, listing the known ones", () => {
    expect(() => parseProviderName("anthropic:claude")).toThrow(
      /known providers: openai, offline, scripted/,
    );
    expect(() => parseProviderName("openai:")).toThrow(TracemillError);
  });

  it("needs an API key only for OpenAI's own endpoint", () => {
    expect(isOpenAIEndpoint(undefined)).toBe(true);
    expect(isOpenAIEndpoint("https://api.openai.com/v1")).toBe(true);
    expect(isOpenAIEndpoint("http://127.0.0.1:8000/v1")).toBe(false);
    const local = modelConfigSchema.parse({
      provider: "openai:llama3",
      baseUrl: "http://127.0.0.1:11434/v1",
    });
    expect(createModelClient(local, { rateLimiter: limiter() }).provider).toBe("openai");
  });
});

describe("offline provider", () => {
  it("runs the registered algorithm for the task and reports zero usage", async () => {
    const tasks = createOfflineTaskRegistry();
    tasks.register("label_cluster", (request) => ({
      label: `cluster of ${request.context.size as number}`,
    }));
    const client = createModelClient(modelConfigSchema.parse({ provider: "offline:default" }), {
      offlineTasks: tasks,
    });
    const result = await client.generateObject({
      schema: labelSchema,
      schemaName: "label_cluster",
      messages: [{ role: "user", content: "name this cluster" }],
      context: { size: 3 },
    });
    expect(result).toMatchObject({
      value: { label: "cluster of 3" },
      provider: "offline",
      model: "offline:label_cluster",
    });
    expect(result.usage).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
    expect(client.offline).toBe(true);
  });

  it("refuses honestly when no algorithm exists for the task", async () => {
    const client = createModelClient(modelConfigSchema.parse({ provider: "offline:default" }), {});
    const failure = await client
      .generateObject({
        schema: labelSchema,
        schemaName: "grade_chunk",
        messages: [{ role: "user", content: "x" }],
      })
      .catch((error: unknown) => error);
    expect((failure as TracemillError).code).toBe("unavailable");
    expect((failure as TracemillError).message).toMatch(
      /no algorithm for task grade_chunk.*--provider openai:<model>/,
    );
  });

  it("validates what the algorithm returns like any other answer", async () => {
    const tasks = createOfflineTaskRegistry();
    tasks.register("label_cluster", () => ({ name: "wrong field" }));
    const client = createModelClient(modelConfigSchema.parse({ provider: "offline:default" }), {
      offlineTasks: tasks,
    });
    const failure = await client
      .generateObject({
        schema: labelSchema,
        schemaName: "label_cluster",
        messages: [{ role: "user", content: "x" }],
      })
      .catch((error: unknown) => error);
    expect((failure as TracemillError).code).toBe("model_output_invalid");
    expect((failure as TracemillError).message).toMatch(/label/);
  });
});

describe("scripted provider (in-process)", () => {
  it("replays matching answers in order and injects HTTP-shaped failures", async () => {
    const directory = await mkdtemp(join(tmpdir(), "tracemill-script-"));
    try {
      const scriptPath = join(directory, "answers.json");
      await writeFile(
        scriptPath,
        JSON.stringify({
          answers: [
            { match: { schemaName: "other" }, value: { label: "never used here" } },
            { error: { status: 503, retryAfterMs: 5 } },
            { match: { contains: "alpha" }, value: { label: "A" } },
            { value: { label: "B" } },
            { error: { status: 500 }, times: 2 },
          ],
        }),
      );
      const config = modelConfigSchema.parse({
        provider: "scripted:demo",
        scriptPath,
        maxRetries: 1,
        retryCapMs: 5,
      });
      const client = createModelClient(config, { rateLimiter: limiter() });
      const ask = (content: string) =>
        client.generateObject({
          schema: labelSchema,
          schemaName: "label",
          messages: [{ role: "user", content }],
        });
      const first = await ask("beta");
      expect(first).toMatchObject({
        value: { label: "B" },
        retries: 1,
        provider: "scripted",
        model: "demo",
      });
      expect(first.responseId).toBe("scripted-1");
      expect((await ask("alpha")).value).toEqual({ label: "A" });
      await expect(ask("gamma")).rejects.toBeInstanceOf(TransientError);
      await expect(ask("delta")).rejects.toThrow(/no answer left/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
