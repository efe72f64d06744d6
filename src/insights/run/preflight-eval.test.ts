import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptedClient } from "../labels/__fixtures__/scripted-client.js";
import { makeWorkspace, offlineEmbedder, testSalt } from "./__fixtures__/insights-test-support.js";
import { runInsights } from "./run-insights.js";

/**
 * Issue 16: "the eval stage sends what the preflight estimated, ±10 %" (a run once sent 262 eval
 * requests against 153 estimated). The same run is made with and without the eval stage against
 * the scripted OpenAI-compatible server (no cache); the difference in requests is what the eval
 * stage sent, held against the preflight's `calls.eval`.
 */
const summaries = [
  ["The user wants to debug a Python script that raises an error.", "Debug a Python script"],
  ["The user asks for a vegetable soup recipe for a family dinner.", "Find a soup recipe"],
  ["The user plans a budget train trip with museum visits.", "Plan a train trip"],
  ["The user prepares answers for a job interview at a bank.", "Prepare a job interview"],
] as const;
const script = {
  answers: [
    ...Array.from({ length: 400 }, (_, index) => {
      const [summary, task] = summaries[index % summaries.length] as readonly [string, string];
      return {
        match: { schemaName: "insights_facets" },
        value: { summary, task, language: "en", language_confidence: 0.9, concerning_score: 1 },
      };
    }),
    {
      match: { schemaName: "insights_cluster_label" },
      value: { name: "Plan everyday tasks", description: "Users ask for help. They plan." },
      times: 1000,
    },
    {
      match: { schemaName: "insights_parent_proposals" },
      value: { parents: [{ name: "Everyday help", description: "Help with daily tasks." }] },
      times: 1000,
    },
    {
      match: { schemaName: "insights_parent_dedup" },
      value: { parents: [{ name: "Everyday help", description: "Help with daily tasks." }] },
      times: 1000,
    },
    {
      match: { schemaName: "insights_parent_assign" },
      value: { parent: "Everyday help" },
      times: 1000,
    },
    {
      match: { schemaName: "insights_parent_rename" },
      value: { name: "Get everyday help", description: "Users ask for help with daily tasks." },
      times: 1000,
    },
    {
      match: { schemaName: "insights_privacy_audit" },
      value: { rating: 5, findings: [] },
      times: 5000,
    },
  ],
};

let workspace: Awaited<ReturnType<typeof makeWorkspace>>;
let input: string;

beforeAll(async () => {
  workspace = await makeWorkspace("insights-preflight-eval");
  input = join(workspace.dir, "conversations.jsonl");
  const rows = Array.from({ length: 30 }, (_, index) =>
    JSON.stringify({
      conversation_id: `p-${index}`,
      user_id: `user-${index % 12}`,
      timestamp: "2026-01-01T10:00:00Z",
      messages: [
        { role: "user", content: `Request number ${index}: please help me.` },
        { role: "assistant", content: "Here is some help." },
      ],
    }),
  );
  await writeFile(input, `${rows.join("\n")}\n`);
}, 60_000);
afterAll(async () => workspace.cleanup());

async function requestsOf(withEval: boolean) {
  const scripted = await scriptedClient(script);
  try {
    const report = await runInsights(
      {
        input,
        runsDir: join(workspace.dir, "runs"),
        stages: { privacy: true, hierarchy: true, eval: withEval },
        levels: 2,
        concurrency: 1,
        auditSampleSize: 10,
        evalCount: 60,
      },
      {
        client: scripted.client,
        embedder: await offlineEmbedder(),
        salt: testSalt,
        toolVersion: "test",
      },
    );
    expect(report.status).toBe("completed");
    return { sent: scripted.server.requests.length, report };
  } finally {
    await scripted.server.close();
  }
}

describe("preflight of the eval stage", () => {
  it("estimates the eval stage's model requests within 10 %", async () => {
    const without = await requestsOf(false);
    const withEval = await requestsOf(true);
    const sent = withEval.sent - without.sent;
    const estimated = withEval.report.preflight.calls.eval as number;
    console.log(`eval stage: ${sent} requests sent, ${estimated} estimated`);
    expect(sent).toBeGreaterThan(60);
    expect(Math.abs(sent - estimated)).toBeLessThanOrEqual(0.1 * estimated);
  }, 600_000);
});
