import { afterEach, describe, expect, it } from "vitest";
import { modelConfigSchema } from "../../core/config.js";
import { createModelClient } from "../../model/model-client.js";
import { createRateLimiter } from "../../model/rate-limiter.js";
import type { Script } from "../../model/script.js";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../../model/scripted-server.js";
import type { FacetRecord } from "../facets/facet-record.js";
import { auditSamples, auditText, buildPrivacyAuditReport } from "./audit.js";
import { applyPrivacyGates } from "./privacy-gates.js";

const servers: ScriptedOpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function clientFor(script: Script) {
  const server = await startScriptedOpenAIServer(script);
  servers.push(server);
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
  return { server, client };
}

describe("offline auditText", () => {
  it.each([
    ["Python debugging and error fixing", 5],
    ["Questions a user named Olivier asked about cooking", 4],
    ["Olivier and Camille planning a trip", 3],
    ["Help for jane.doe@example.com with taxes", 2],
    ["Emma Watson at 221 Baker Street asks about rent", 1],
    ["Refund for card 4111 1111 1111 1111, asked by Olivier", 1],
  ])("%s → %i", async (text, rating) => {
    const audit = await auditText(text);
    expect(audit.rating).toBe(rating);
    expect(audit.auditor).toBe("offline:pii-audit/v1");
    expect(audit.findings.join(" ")).not.toMatch(/jane\.doe|Baker|4111|Watson/);
  });
});

describe("model auditText", () => {
  it("uses the insights_privacy_audit answer and masks PII quoted in findings", async () => {
    const { server, client } = await clientFor({
      answers: [
        {
          match: { schemaName: "insights_privacy_audit" },
          value: { rating: 2, findings: ["contains the email jane.doe@example.com"] },
        },
      ],
    });
    const audit = await auditText("Cluster about jane.doe@example.com", { client });
    expect(audit).toMatchObject({ rating: 2, auditor: "openai:gpt-4o-mini" });
    expect(audit.findings[0]).not.toContain("jane.doe");
    expect(server.requests).toHaveLength(1);
  });

  it("counts an invalid answer as rating 1", async () => {
    const { client } = await clientFor({
      answers: [{ value: { rating: 9, findings: [] }, times: 2 }],
    });
    const audit = await auditText("Cooking pasta", { client });
    expect(audit.rating).toBe(1);
    expect(audit.findings[0]).toMatch(/audit failed \(model_output_invalid\)/);
  });

  it("counts a failed request as rating 1", async () => {
    const { client } = await clientFor({ answers: [{ error: { status: 500 } }] });
    const audit = await auditText("Cooking pasta", { client });
    expect(audit.rating).toBe(1);
  });
});

const facetsFor = (count: number, users: number): Map<string, FacetRecord> =>
  new Map(
    Array.from({ length: count }, (_, index) => [
      `c${index}`,
      {
        conversation_id: `c${index}`,
        user_key: `u_${index % users}`,
        summary: "s",
        task: "t",
        language: "en",
        language_confidence: 1,
        concerning_score: 1,
        counts: { messages: 1, turns: 1, user_chars: 1, assistant_chars: 0 },
        facet_source: "offline:facets/v1",
      },
    ]),
  );

const cluster = (
  id: number,
  ids: string[],
  name = "Python debugging",
  description = "People fix Python errors.",
) => ({
  cluster_id: id,
  name,
  description,
  size: ids.length,
  conversation_ids: ids,
});
const ids = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `c${from + i}`);

describe("applyPrivacyGates", () => {
  it("never keeps a cluster of 9 conversations or of 4 users, and says why", async () => {
    const facets = new Map([...facetsFor(40, 20)]);
    // c20–c31 come from only 4 users
    for (let index = 20; index < 32; index += 1) {
      const record = facets.get(`c${index}`) as FacetRecord;
      facets.set(`c${index}`, { ...record, user_key: `u_small_${index % 4}` });
    }
    const result = await applyPrivacyGates(
      [cluster(0, ids(0, 9)), cluster(1, ids(9, 10)), cluster(2, ids(20, 12))],
      facets,
    );
    expect(result.clusters.map((c) => [c.cluster_id, c.kept, c.reasons])).toEqual([
      [0, false, ["too_few_conversations: 9 < 10"]],
      [1, true, []],
      [2, false, ["too_few_users: 4 < 5"]],
    ]);
    expect(result.summary).toMatchObject({
      clusters: 3,
      kept: 1,
      dropped: 2,
      reasons: { too_few_conversations: 1, too_few_users: 1 },
      conversations_in_kept_clusters: 10,
      conversations_in_dropped_clusters: 21,
      thresholds: { min_conversations: 10, min_users: 5, min_rating: 3 },
    });
  });

  it("drops a large cluster whose name or description identifies someone", async () => {
    const result = await applyPrivacyGates(
      [cluster(7, ids(0, 30), "Emails from jane.doe@example.com", "Messages from Emma Watson.")],
      facetsFor(30, 30),
    );
    expect(result.clusters[0]?.kept).toBe(false);
    expect(result.clusters[0]?.reasons).toEqual(["privacy_rating: 1 < 3"]);
    const report = buildPrivacyAuditReport(result);
    expect(JSON.stringify(report)).not.toMatch(/jane\.doe|Watson/);
    expect(report.clusters[0]).not.toHaveProperty("name");
  });

  it("counts distinct ids and notes conversations without facets", async () => {
    const result = await applyPrivacyGates(
      [cluster(1, [...ids(0, 10), "c0", "c1"])],
      facetsFor(6, 6),
      { minConversations: 10, minUsers: 5 },
    );
    expect(result.clusters[0]).toMatchObject({ conversation_count: 10, user_count: 6, kept: true });
    const strict = await applyPrivacyGates([cluster(1, ids(0, 10))], facetsFor(4, 4));
    expect(strict.clusters[0]?.reasons[0]).toBe(
      "too_few_users: 4 < 5 (6 conversations without facets not counted)",
    );
  });

  it("uses the model auditor when given, and a failed audit hides the cluster", async () => {
    const { client } = await clientFor({
      answers: [
        { match: { contains: "Gardening" }, value: { rating: 5, findings: [] } },
        { match: { contains: "Taxes" }, text: "not json at all", times: 2 },
      ],
    });
    const result = await applyPrivacyGates(
      [cluster(1, ids(0, 12), "Gardening help"), cluster(2, ids(12, 12), "Taxes help")],
      facetsFor(24, 12),
      { client, concurrency: 1 },
    );
    expect(result.clusters.map((c) => [c.kept, c.audit.rating])).toEqual([
      [true, 5],
      [false, 1],
    ]);
    expect(result.summary.auditor).toBe("openai:gpt-4o-mini");
  });
});

describe("auditSamples", () => {
  it("audits seeded samples of each kind with histograms and masked examples", async () => {
    const conversations = Array.from({ length: 20 }, (_, index) => ({
      conversation_id: `c${index}`,
      messages: [
        {
          role: "user" as const,
          content:
            index % 4 === 0 ? `Reach me at person${index}@example.com` : "How do I prune roses?",
        },
      ],
    }));
    const input = {
      conversations,
      summaries: conversations.map((c) => ({
        conversation_id: c.conversation_id,
        summary: "Pruning roses",
      })),
      clusterTexts: [{ cluster_id: 0, name: "Gardening", description: "Roses and pruning." }],
    };
    const report = await auditSamples(input, { sampleSize: 10, seed: 3 });
    const again = await auditSamples(input, { sampleSize: 10, seed: 3 });
    expect(report).toEqual(again);
    expect(report.raw_conversations.sampled).toBe(10);
    expect(report.raw_conversations.population).toBe(20);
    const histogram = report.raw_conversations.rating_histogram;
    expect(histogram["2"] + histogram["5"]).toBe(10);
    expect(report.facet_summaries.rating_histogram["5"]).toBe(10);
    expect(report.cluster_summaries).toMatchObject({
      sampled: 1,
      mean_rating: 5,
      share_passing: 1,
    });
    expect(JSON.stringify(report)).not.toMatch(/person\d+@/);
    expect(histogram["2"]).toBeGreaterThan(0);
    expect(report.raw_conversations.examples[0]?.findings[0]).toBe("email: [masked]");
  });
});
