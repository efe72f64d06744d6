import { afterEach, describe, expect, it } from "vitest";
import { modelConfigSchema } from "../../core/config.js";
import { createModelClient } from "../../model/model-client.js";
import { createRateLimiter } from "../../model/rate-limiter.js";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../../model/scripted-server.js";
import { extractFacets } from "../facets/facets.js";
import { conversationSchema } from "../input/conversation.js";
import { generateSyntheticCorpus, syntheticTopicNames } from "./synthetic.js";

describe("generateSyntheticCorpus offline", () => {
  it("is deterministic from the seed and valid under the input contract", async () => {
    const first = await generateSyntheticCorpus({ count: 120, seed: 11 });
    const again = await generateSyntheticCorpus({ count: 120, seed: 11 });
    const other = await generateSyntheticCorpus({ count: 120, seed: 12 });
    expect(again).toEqual(first);
    expect(JSON.stringify(other.conversations)).not.toBe(JSON.stringify(first.conversations));
    expect(first.generator).toBe("offline:synthetic/v1");
    expect(first.conversations).toHaveLength(120);
    for (const conversation of first.conversations) {
      expect(conversationSchema.safeParse(conversation).success).toBe(true);
    }
    expect(new Set(first.conversations.map((c) => c.conversation_id)).size).toBe(120);
  });

  it("balances at least 8 topics, rotates 4 languages within each, and spreads users", async () => {
    const { conversations, truth } = await generateSyntheticCorpus({ count: 120, seed: 5 });
    expect(syntheticTopicNames.length).toBeGreaterThanOrEqual(8);
    const byTopic = new Map<
      string,
      { languages: Set<string>; users: Set<string>; count: number }
    >();
    truth.forEach((row, index) => {
      const entry = byTopic.get(row.topic) ?? { languages: new Set(), users: new Set(), count: 0 };
      entry.languages.add(row.language);
      entry.users.add(conversations[index]?.user_id ?? "");
      entry.count += 1;
      byTopic.set(row.topic, entry);
    });
    expect(byTopic.size).toBe(8);
    for (const entry of byTopic.values()) {
      expect(entry.count).toBe(15);
      expect(entry.languages.size).toBe(4);
      expect(entry.users.size).toBe(15);
    }
    expect(new Set(conversations.map((c) => c.user_id)).size).toBeGreaterThan(20);
    // phrasing varies: no single first message dominates a topic
    const openers = new Set(
      conversations.map((c) => c.messages.find((m) => m.role === "user")?.content),
    );
    expect(openers.size).toBeGreaterThan(100);
  });

  it("is detected in the language it claims", async () => {
    const { conversations, truth } = await generateSyntheticCorpus({ count: 80, seed: 2 });
    let agree = 0;
    for (const [index, conversation] of conversations.entries()) {
      const facets = await extractFacets(conversation, { salt: "s" });
      if (facets.language === truth[index]?.language) agree += 1;
    }
    expect(agree / conversations.length).toBeGreaterThan(0.85);
  });

  it("restricts topics and languages, and refuses ones it has no template for", async () => {
    const corpus = await generateSyntheticCorpus({
      count: 10,
      seed: 1,
      topics: ["sql_queries", "poetry_writing"],
      languages: ["de"],
    });
    expect(new Set(corpus.truth.map((row) => row.topic))).toEqual(
      new Set(["sql_queries", "poetry_writing"]),
    );
    expect(new Set(corpus.truth.map((row) => row.language))).toEqual(new Set(["de"]));
    await expect(generateSyntheticCorpus({ topics: ["knitting"] })).rejects.toThrow(
      /no offline template/,
    );
    await expect(generateSyntheticCorpus({ languages: ["ja"] })).rejects.toThrow(
      /no offline templates/,
    );
  });
});

describe("generateSyntheticCorpus with a model", () => {
  let server: ScriptedOpenAIServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it("asks insights_synthetic_conversation per conversation and falls back to templates on failure", async () => {
    server = await startScriptedOpenAIServer({
      answers: [
        {
          match: { schemaName: "insights_synthetic_conversation", contains: "knitting" },
          value: {
            messages: [
              { role: "user", content: "How do I cast on for a scarf?" },
              { role: "assistant", content: "Use a long-tail cast on." },
            ],
          },
          times: 2,
        },
        { match: { contains: "writing SQL" }, error: { status: 400, message: "bad request" } },
      ],
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
    const corpus = await generateSyntheticCorpus({
      count: 3,
      seed: 4,
      client,
      topics: ["knitting", "sql_queries"],
      languages: ["en"],
    });
    expect(corpus.generator).toBe("openai:gpt-4o-mini");
    const knitting = corpus.truth.filter((row) => row.topic === "knitting").length;
    expect(knitting).toBe(2);
    expect(corpus.warnings).toHaveLength(1);
    expect(corpus.warnings[0]).toMatch(/model generation failed \(permanent/);
    const sql = corpus.conversations[corpus.truth.findIndex((row) => row.topic === "sql_queries")];
    expect(sql?.messages.map((m) => m.content).join(" ")).toMatch(/SQL/);
    expect(server.requests).toHaveLength(3);
  });
});
