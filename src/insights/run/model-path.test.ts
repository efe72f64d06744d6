import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScriptedOpenAIServer } from "../../model/scripted-server.js";
import { scriptedClient } from "../labels/__fixtures__/scripted-client.js";
import { makeWorkspace, offlineEmbedder, testSalt } from "./__fixtures__/insights-test-support.js";
import { insightsFiles } from "./artifacts.js";
import { type InsightsRunReport, runInsights } from "./run-insights.js";

/**
 * The run with an OpenAI-compatible endpoint (the scripted server over real HTTP on 127.0.0.1):
 * facets, labels, the hierarchy and the privacy audits all come from the model.
 */
const topics = [
  {
    marker: "QQPYTHON",
    summary: "The user wants to debug a Python script that raises an error.",
    task: "Debug a Python script",
  },
  {
    marker: "QQCOOKING",
    summary: "The user asks for a vegetable soup recipe for a family dinner.",
    task: "Find a soup recipe",
  },
  {
    marker: "QQTRAVEL",
    summary: "The user plans a budget train trip with museum visits.",
    task: "Plan a train trip",
  },
];
const facetsAnswer = (topic: (typeof topics)[number]) => ({
  match: { schemaName: "insights_facets", contains: topic.marker },
  value: {
    summary: topic.summary,
    task: topic.task,
    language: "en",
    language_confidence: 0.9,
    concerning_score: 1,
  },
  times: 10,
});
const label = (name: string, description: string) => ({
  match: { schemaName: "insights_cluster_label" },
  value: { name, description },
});

let workspace: Awaited<ReturnType<typeof makeWorkspace>>;
let input: string;
let server: ScriptedOpenAIServer;
let report: InsightsRunReport;

beforeAll(async () => {
  workspace = await makeWorkspace("insights-model");
  input = join(workspace.dir, "conversations.jsonl");
  const rows = Array.from({ length: 30 }, (_, index) => {
    const topic = topics[index % 3]!;
    return JSON.stringify({
      conversation_id: `m-${index}`,
      user_id: `user-${Math.floor(index / 3)}`,
      timestamp: "2026-01-01T10:00:00Z",
      messages: [
        { role: "user", content: `Request ${topic.marker}: ${topic.summary}` },
        { role: "assistant", content: "Here is some help." },
      ],
    });
  });
  await writeFile(input, `${rows.join("\n")}\n`);
  const scripted = await scriptedClient({
    answers: [
      ...topics.map(facetsAnswer),
      label("Debug Python scripts", "Users fix errors in Python code."),
      label("Cook soups and family dinners", "Users look for simple recipes."),
      label("Plan budget train trips", "Users plan trips by train with museums."),
      {
        match: { schemaName: "insights_parent_proposals" },
        value: {
          parents: [
            { name: "Code and data", description: "Programming help." },
            { name: "Everyday life", description: "Food and travel." },
          ],
        },
      },
      {
        match: { schemaName: "insights_parent_dedup" },
        value: {
          parents: [
            { name: "Code and data", description: "Programming help." },
            { name: "Everyday life", description: "Food and travel." },
          ],
        },
      },
      { match: { schemaName: "insights_parent_assign" }, value: { parent: "Code and data" } },
      {
        match: { schemaName: "insights_parent_assign" },
        value: { parent: "Everyday life" },
        times: 2,
      },
      {
        match: { schemaName: "insights_parent_rename" },
        value: { name: "Write and fix code", description: "Programming questions." },
      },
      {
        match: { schemaName: "insights_parent_rename" },
        value: { name: "Cook and travel", description: "Daily life planning." },
      },
      {
        match: { schemaName: "insights_privacy_audit" },
        value: { rating: 5, findings: [] },
        times: 100,
      },
    ],
  });
  server = scripted.server;
  report = await runInsights(
    {
      input,
      runsDir: join(workspace.dir, "runs"),
      stages: { privacy: true, hierarchy: true },
      levels: 2,
      concurrency: 1,
      auditSampleSize: 5,
    },
    {
      client: scripted.client,
      embedder: await offlineEmbedder(),
      salt: testSalt,
      toolVersion: "test",
    },
  );
}, 300_000);
afterAll(async () => {
  await server.close();
  await workspace.cleanup();
});

describe("insights run with an OpenAI-compatible endpoint", () => {
  it("estimates the model calls before starting", () => {
    expect(report.preflight.offline).toBe(false);
    expect(report.preflight.calls.facets).toBe(30);
    expect(report.preflight.input_tokens).toBeGreaterThan(0);
  });

  it("takes facets, labels, the hierarchy and the audits from the model", async () => {
    const facets = (await readFile(join(report.dir, insightsFiles.facets), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { facet_source: string; summary: string });
    expect(new Set(facets.map((facet) => facet.facet_source))).toEqual(
      new Set(["openai:gpt-4o-mini"]),
    );
    const labels = JSON.parse(await readFile(join(report.dir, insightsFiles.labels), "utf8")) as {
      clusters: { name: string; labeler: string; size: number }[];
    };
    expect(labels.clusters.map((cluster) => [cluster.name, cluster.size])).toEqual([
      ["Debug Python scripts", 10],
      ["Cook soups and family dinners", 10],
      ["Plan budget train trips", 10],
    ]);
    const hierarchy = JSON.parse(
      await readFile(join(report.dir, insightsFiles.hierarchy), "utf8"),
    ) as {
      method: string;
      levels: { nodes: { name: string; cluster_ids: number[] }[] }[];
    };
    expect(hierarchy.method).toMatch(/^model:clio\/v1/);
    expect(hierarchy.levels[1]?.nodes.map((node) => [node.name, node.cluster_ids])).toEqual([
      ["Cook and travel", [1, 2]],
      ["Write and fix code", [0]],
    ]);
    const audit = JSON.parse(
      await readFile(join(report.dir, insightsFiles.privacyAudit), "utf8"),
    ) as { auditor: string; clusters: { kept: boolean }[] };
    expect(audit.auditor).toBe("openai:gpt-4o-mini");
    expect(audit.clusters.every((cluster) => cluster.kept)).toBe(true);
    expect(report.tokens.input).toBeGreaterThan(0);
    const schemas = new Set(
      server.requests.map(
        (request) =>
          (request.body as { response_format?: { json_schema?: { name?: string } } })
            ?.response_format?.json_schema?.name,
      ),
    );
    expect([...schemas].sort()).toEqual([
      "insights_cluster_label",
      "insights_facets",
      "insights_parent_assign",
      "insights_parent_dedup",
      "insights_parent_proposals",
      "insights_parent_rename",
      "insights_privacy_audit",
    ]);
  });
});

describe("per-item model failures", () => {
  const script = {
    answers: [
      {
        match: { schemaName: "insights_facets" },
        error: { status: 400, message: "content policy" },
      },
      {
        match: { schemaName: "insights_facets" },
        value: {
          summary: "A request.",
          task: "Ask",
          language: "en",
          language_confidence: 0.9,
          concerning_score: 1,
        },
        times: 100,
      },
    ],
  };

  it("records a failed conversation as a warning and goes on", async () => {
    const scripted = await scriptedClient(script);
    try {
      const result = await runInsights(
        {
          input,
          runsDir: join(workspace.dir, "runs"),
          runId: "one-failure",
          stages: { facets: true },
          concurrency: 1,
        },
        {
          client: scripted.client,
          embedder: await offlineEmbedder(),
          salt: testSalt,
          toolVersion: "test",
        },
      );
      expect(result).toMatchObject({
        status: "completed",
        facets: 29,
        facetsFailed: 1,
        warnings: 1,
      });
      const warnings = JSON.parse(await readFile(join(result.dir, "warnings.json"), "utf8")) as {
        code: string;
        item: string;
        message: string;
      }[];
      expect(warnings[0]).toMatchObject({ code: "facets_failed", item: "m-0" });
      expect(warnings[0]?.message).toMatch(/content policy/);
    } finally {
      await scripted.server.close();
    }
  }, 300_000);

  it("fails the run on the first per-item failure with --strict", async () => {
    const scripted = await scriptedClient(script);
    try {
      await expect(
        runInsights(
          {
            input,
            runsDir: join(workspace.dir, "runs"),
            runId: "strict",
            stages: { facets: true },
            concurrency: 1,
            strict: true,
          },
          {
            client: scripted.client,
            embedder: await offlineEmbedder(),
            salt: testSalt,
            toolVersion: "test",
          },
        ),
      ).rejects.toThrow(/--strict: .*content policy/);
      const manifest = JSON.parse(
        await readFile(join(workspace.dir, "runs", "strict", "manifest.json"), "utf8"),
      ) as { status: string };
      expect(manifest.status).toBe("failed");
    } finally {
      await scripted.server.close();
    }
  }, 300_000);
});
