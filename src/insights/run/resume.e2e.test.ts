import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TracemillError } from "../../core/errors.js";
import {
  makeWorkspace,
  offlineEmbedder,
  testSalt,
  writeCorpus,
} from "./__fixtures__/insights-test-support.js";
import { insightsFiles } from "./artifacts.js";
import { runInsights } from "./run-insights.js";

/** Resume after a crash in the facets stage, drift refusal, streaming, and the size gate. */
let workspace: Awaited<ReturnType<typeof makeWorkspace>>;
let input: string;
let runsDir: string;
const stages = { facets: true, clustering: true };
const deps = async () => ({
  embedder: await offlineEmbedder(),
  salt: testSalt,
  toolVersion: "test",
});
const compared = [
  insightsFiles.facets,
  insightsFiles.conversations,
  insightsFiles.assignments,
  insightsFiles.clusters,
  insightsFiles.mapPoints,
];

beforeAll(async () => {
  workspace = await makeWorkspace("insights-resume");
  input = (await writeCorpus(workspace.dir, 96, 11)).path;
  runsDir = join(workspace.dir, "runs");
}, 120_000);
afterAll(() => workspace.cleanup());

describe("resume", () => {
  it("after a failure mid-facets, redoes only the rest and writes the same bytes as an uninterrupted run", async () => {
    const whole = await runInsights(
      { input, runsDir, runId: "whole", stages, concurrency: 3 },
      await deps(),
    );
    const crash = runInsights(
      { input, runsDir, runId: "crashed", stages, concurrency: 3 },
      {
        ...(await deps()),
        afterFacet: (count) => {
          if (count === 40) throw new Error("injected crash after 40 facets");
        },
      },
    );
    await expect(crash).rejects.toThrow(/injected crash/);
    const manifest = JSON.parse(
      await readFile(join(runsDir, "crashed", "manifest.json"), "utf8"),
    ) as { status: string };
    expect(manifest.status).toBe("failed");
    const resumed = await runInsights(
      { input, runsDir, resume: "crashed", stages, concurrency: 2 },
      await deps(),
    );
    expect(resumed.facetsResumed).toBe(40);
    expect(resumed.facets).toBe(96);
    for (const file of compared) {
      const [a, b] = await Promise.all([
        readFile(join(whole.dir, file)),
        readFile(join(resumed.dir, file)),
      ]);
      expect(b.equals(a), file).toBe(true);
    }
    // Resuming a finished run redoes nothing new, and its counts stay the run's totals (not doubled).
    const metricsOf = async (dir: string) =>
      (JSON.parse(await readFile(join(dir, "metrics.json"), "utf8")) as { counts: object }).counts;
    const before = await metricsOf(whole.dir);
    expect(before).toMatchObject({ conversations: 96, facets: 96, facets_failed: 0 });
    await runInsights({ input, runsDir, resume: "whole", stages, concurrency: 2 }, await deps());
    const after = await metricsOf(whole.dir);
    for (const key of ["conversations", "facets", "facets_failed", "clusters", "map_points"]) {
      expect(after[key as keyof typeof after], key).toBe(before[key as keyof typeof before]);
    }
  }, 600_000);

  it("refuses to resume when the options or the input changed", async () => {
    await runInsights({ input, runsDir, runId: "drift", stages: { facets: true } }, await deps());
    const changedOptions = runInsights(
      { input, runsDir, resume: "drift", stages: { facets: true }, limit: 10 },
      await deps(),
    );
    await expect(changedOptions).rejects.toMatchObject({ code: "drift" });
    await expect(changedOptions).rejects.toThrow(/limit/);
    const changedInput = join(workspace.dir, "changed.jsonl");
    await writeFile(changedInput, (await readFile(input, "utf8")).split("\n").slice(1).join("\n"));
    const other = runInsights(
      { input: changedInput, runsDir, resume: "drift", stages: { facets: true } },
      await deps(),
    );
    await expect(other).rejects.toBeInstanceOf(TracemillError);
    await expect(other).rejects.toMatchObject({ code: "drift" });
  }, 300_000);
});

describe("streaming", () => {
  it("reads the input in chunks and produces the same facets as reading it whole", async () => {
    const whole = await runInsights(
      { input, runsDir, runId: "read-whole", stages: { facets: true } },
      await deps(),
    );
    const streamed = await runInsights(
      {
        input,
        runsDir,
        runId: "read-streamed",
        stages: { facets: true },
        streaming: true,
        streamChunkSize: 7,
      },
      await deps(),
    );
    const [a, b] = await Promise.all([
      readFile(join(whole.dir, insightsFiles.facets)),
      readFile(join(streamed.dir, insightsFiles.facets)),
    ]);
    expect(b.equals(a)).toBe(true);
    const limited = await runInsights(
      { input, runsDir, runId: "read-limited", stages: { facets: true }, limit: 5 },
      await deps(),
    );
    expect(limited.facets).toBe(5);
  }, 300_000);
});

describe("privacy gates in a run", () => {
  it("hides every cluster under --min-conversations and records why for its conversations", async () => {
    const report = await runInsights(
      {
        input,
        runsDir,
        runId: "small-clusters",
        stages: { privacy: true },
        k: 16,
        minConversations: 8,
      },
      await deps(),
    );
    const filtered = JSON.parse(
      await readFile(join(report.dir, insightsFiles.privacyFiltered), "utf8"),
    ) as {
      clusters: { cluster_id: number; conversation_count: number }[];
    };
    const clusters = JSON.parse(
      await readFile(join(report.dir, insightsFiles.clusters), "utf8"),
    ) as {
      clusters: { cluster_id: number; size: number }[];
    };
    const small = clusters.clusters
      .filter((cluster) => cluster.size < 8)
      .map((cluster) => cluster.cluster_id);
    expect(small.length).toBeGreaterThan(0);
    for (const cluster of filtered.clusters) {
      expect(small).not.toContain(cluster.cluster_id);
      expect(cluster.conversation_count).toBeGreaterThanOrEqual(8);
    }
    const rows = (await readFile(join(report.dir, insightsFiles.conversationUpdated), "utf8"))
      .trim()
      .split("\n")
      .map(
        (line) => JSON.parse(line) as { cluster_ids: number[]; kept: boolean; reasons: string[] },
      );
    const inSmall = rows.filter((row) => small.includes(row.cluster_ids[0] as number));
    expect(inSmall.length).toBeGreaterThan(0);
    for (const row of inSmall) {
      expect(row.kept).toBe(false);
      expect(row.reasons.join(" ")).toMatch(/too_few_conversations/);
    }
  }, 300_000);

  it("fails the run with --fail-on-warning when a line of the input is invalid, after finishing it", async () => {
    const bad = join(workspace.dir, "with-bad-line.jsonl");
    await writeFile(bad, `${await readFile(input, "utf8")}{"conversation_id": 5}\n`);
    const run = runInsights(
      { input: bad, runsDir, runId: "warned", stages: { facets: true }, failOnWarning: true },
      await deps(),
    );
    await expect(run).rejects.toThrow(/warnings and --fail-on-warning/);
    const warnings = JSON.parse(
      await readFile(join(runsDir, "warned", "warnings.json"), "utf8"),
    ) as { code: string }[];
    expect(warnings.map((warning) => warning.code)).toContain("schema_validation_failed");
  }, 300_000);
});
