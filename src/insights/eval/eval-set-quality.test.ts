import { mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embedderConfigSchema } from "../../core/config.js";
import { createDiskCache } from "../../model/cache.js";
import { createEmbedder } from "../../model/embedders/create-embedder.js";
import type { Embedder } from "../../model/embedders/types.js";
import { makeWorkspace, testSalt } from "../run/__fixtures__/insights-test-support.js";
import { runInsights } from "../run/run-insights.js";
import { buildEvalSet, type EvalSetPreset, evalSetPresets } from "./eval-set.js";
import { clusteringMetrics } from "./metrics.js";

/**
 * The evaluation set at default settings (no --k, language centering as shipped): facets, the USE
 * embedder, k chosen from the data, k-means. Goal of issue 16: ARI ≥ 0.9 and purity ≥ 0.9 on every
 * preset. Embeddings are cached on disk between runs (they depend only on the summaries' text).
 */
const presets = Object.keys(evalSetPresets) as EvalSetPreset[];
let workspace: Awaited<ReturnType<typeof makeWorkspace>>;
let embedder: Embedder;

beforeAll(async () => {
  workspace = await makeWorkspace("eval-set");
  const cacheDir = join(tmpdir(), "tracemill-eval-set-embeddings");
  await mkdir(cacheDir, { recursive: true });
  embedder = await createEmbedder(embedderConfigSchema.parse({ workers: 1 }), {
    cache: createDiskCache(cacheDir),
  });
});
afterAll(async () => workspace.cleanup());

describe("evaluation set at default settings", () => {
  it.each(presets)(
    "%s reaches ARI ≥ 0.9 and purity ≥ 0.9",
    async (preset) => {
      const set = buildEvalSet(preset);
      const input = join(workspace.dir, `${preset}.jsonl`);
      await writeFile(input, set.conversations.map((row) => `${JSON.stringify(row)}\n`).join(""));
      const report = await runInsights(
        { input, runsDir: join(workspace.dir, "runs"), stages: { clustering: true } },
        { embedder, salt: testSalt, toolVersion: "test" },
      );
      const assignments = (await readFile(join(report.dir, "base_assignments.jsonl"), "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { conversation_id: string; cluster_id: number });
      const topicOf = new Map(set.truth.map((row) => [row.conversation_id, row.topic]));
      const metrics = clusteringMetrics(
        assignments.map((row) => topicOf.get(row.conversation_id) ?? "?"),
        assignments.map((row) => row.cluster_id),
      );
      console.log(
        `${preset}: k=${report.clusters} ari=${metrics.ari.toFixed(3)} purity=${metrics.purity.toFixed(3)}`,
      );
      expect(metrics.ari).toBeGreaterThanOrEqual(0.9);
      expect(metrics.purity).toBeGreaterThanOrEqual(0.9);
    },
    600_000,
  );
});
