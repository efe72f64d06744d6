import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { modelConfigSchema } from "../core/config.js";
import type { SftMessage } from "../format/sft-message.js";
import { Grader } from "../grade/grader.js";
import { createEmbedder } from "./embedders/create-embedder.js";
import { createModelClient } from "./model-client.js";
import { createRateLimiter } from "./rate-limiter.js";
import { createRedactor } from "./redact.js";
import type { Script } from "./script.js";
import { type ScriptedOpenAIServer, startScriptedOpenAIServer } from "./scripted-server.js";

interface Planted {
  kind: string;
  rule: string;
  value: string;
  text: string;
}

const root = join(import.meta.dirname, "../..");
const planted: Planted[] = readFileSync(join(root, "test/fixtures/privacy/planted.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as Planted);

const servers: ScriptedOpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(script: Script): Promise<ScriptedOpenAIServer> {
  const server = await startScriptedOpenAIServer(script);
  servers.push(server);
  return server;
}

/** Every planted value that appears in any recorded request body, raw or JSON-escaped. */
function leaks(server: ScriptedOpenAIServer): string[] {
  const wire = server.requests.map((request) => JSON.stringify(request.body)).join("\n");
  return planted
    .filter(
      (entry) =>
        wire.includes(entry.value) || wire.includes(JSON.stringify(entry.value).slice(1, -1)),
    )
    .map((entry) => entry.kind);
}

const answerSchema = z.object({ answer: z.string() });
const limiter = () => createRateLimiter({ maxTokens: 100, refillPerSecond: 100, concurrency: 4 });
const config = (url: string) =>
  modelConfigSchema.parse({
    provider: "openai:gpt-4o-mini",
    baseUrl: url,
    apiKey: "test",
    maxRetries: 0,
  });

describe("every outbound model request passes the detectors", () => {
  it("a model client built without a redactor still redacts every planted value", async () => {
    const server = await serve({ answers: [{ value: { answer: "ok" }, times: 3 }] });
    const client = createModelClient(config(server.url), { rateLimiter: limiter() });
    const texts = planted.map((entry) => entry.text);
    await client.generateObject({
      schema: answerSchema,
      schemaName: "answer",
      messages: [
        { role: "system", content: texts.slice(0, 80).join("\n") },
        {
          role: "user",
          content: [
            { type: "text", text: texts.slice(80, 160).join("\n") },
            { type: "text", text: texts.slice(160).join("\n") },
          ],
        },
      ],
    });
    expect(server.requests).toHaveLength(1);
    expect(leaks(server)).toEqual([]);
    expect(JSON.stringify(server.requests[0]?.body)).toContain("[REDACTED:credit_card]");
  });

  it("the corrective re-ask does not send back planted values the model echoed", async () => {
    const echoed = planted.map((entry) => entry.text).join("\n");
    const server = await serve({
      answers: [
        { text: `not json, but it repeats the input: ${echoed}` },
        { value: { answer: "ok" } },
      ],
    });
    const client = createModelClient(config(server.url), {
      rateLimiter: limiter(),
      redactor: createRedactor(),
    });
    const result = await client.generateObject({
      schema: answerSchema,
      schemaName: "answer",
      messages: [{ role: "user", content: "Summarise the session." }],
    });
    expect(result.value).toEqual({ answer: "ok" });
    expect(server.requests).toHaveLength(2);
    expect(leaks(server)).toEqual([]);
  });

  it("the screen grader (which builds its own client) sends no planted value", async () => {
    const server = await serve({
      answers: [
        { match: { schemaName: "screen_chunk_summary" }, value: { summary: "typed things" } },
        {
          match: { schemaName: "screen_session_verdict" },
          value: {
            summary: "done",
            observations: ["typed at t=1 s", "saved at t=2 s"],
            reasoning: "fine",
            confidence: 0.5,
            outcomeAchievement: 50,
            processQuality: 50,
            efficiency: 50,
          },
        },
      ],
    });
    const grader = new Grader({
      provider: "openai:gpt-4o-mini",
      apiKey: "test",
      baseUrl: server.url,
      maxRetries: 0,
    });
    const start = 1_755_517_860_000;
    const messages: SftMessage[] = [
      { role: "user", content: `Fill in the form\n${planted[0]?.text}`, timestamp: start },
      ...planted.map((entry, index) => ({
        role: "assistant" as const,
        content: `\`\`\`python\ntype(${JSON.stringify(entry.text)})\n\`\`\``,
        timestamp: start + (index + 1) * 1000,
      })),
    ];
    await grader.evaluateSession([messages], { sessionId: "planted" });
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
    expect(leaks(server)).toEqual([]);
  });

  it("an embedder built without a redactor redacts what it sends", async () => {
    const server = await serve({ answers: [], embeddingDimensions: 8 });
    const embedder = await createEmbedder(
      {
        provider: "openai:scripted-embedder",
        baseUrl: server.url,
        apiKey: "test",
        batchSize: 64,
        cache: false,
      },
      { rateLimiter: limiter() },
    );
    await embedder.embed(planted.map((entry) => entry.text));
    expect(server.requests.some((request) => request.path === "/v1/embeddings")).toBe(true);
    expect(leaks(server)).toEqual([]);
  });
});

describe("nothing bypasses the model door", () => {
  /** Files allowed to talk to a model endpoint: the chat provider and the embeddings source. */
  const doors = new Set([
    "src/model/providers/openai.ts",
    "src/model/embedders/openai-embedder.ts",
  ]);

  function sources(folder: string): string[] {
    return readdirSync(folder).flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return name === "__fixtures__" ? [] : sources(path);
      return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
    });
  }

  it("only the provider and the embeddings source construct an SDK client or call its endpoints", () => {
    const offenders = sources(join(root, "src"))
      .filter((path) =>
        /new OpenAI\(|chat\.completions\.create|embeddings\.create|\/chat\/completions["'`]/.test(
          readFileSync(path, "utf8"),
        ),
      )
      .map((path) => relative(root, path))
      .filter((path) => !doors.has(path) && path !== "src/model/scripted-server.ts");
    expect(offenders).toEqual([]);
  });

  it("the two doors are reached only through the redacting model client and embedder", () => {
    const users = sources(join(root, "src"))
      .filter((path) =>
        /createProvider\(|createOpenAIEmbeddingSource\(/.test(readFileSync(path, "utf8")),
      )
      .map((path) => relative(root, path))
      .sort();
    expect(users).toEqual([
      "src/model/embedders/create-embedder.ts",
      "src/model/embedders/openai-embedder.ts",
      "src/model/model-client.ts",
      "src/model/providers/registry.ts",
    ]);
  });
});
