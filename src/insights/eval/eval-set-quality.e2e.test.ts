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
 * embedder, k chosen from the data, k-means. Goal of issue 16: ARI ≥ 0.9 and purity ≥ 0.9. Embeddings are cached on disk between runs (they depend only on the summaries' text).
 */
const presets = Object.keys(evalSetPresets) as EvalSetPreset[];
/**
 * Every preset holds the goal. imbalanced-720 (topics from 60 down to 9 conversations) fell short
 * while k came from k-means alone (ARI 0.81: k-means split large topics and merged small ones);
 * average-linkage candidates in the k search lift it to 0.94 (docs/benchmarks.md).
 */
const floors: Record<EvalSetPreset, { ari: number; purity: number }> = {
  "balanced-240": { ari: 0.9, purity: 0.9 },
  "imbalanced-360": { ari: 0.9, purity: 0.9 },
  "imbalanced-720": { ari: 0.9, purity: 0.9 },
};
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
    "%s reaches its ARI and purity floor",
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
        JSON.stringify(
          JSON.parse(await readFile(join(report.dir, "clustering.json"), "utf8"))
            .curve.map((p: { k: number; silhouette: number }) => `${p.k}:${p.silhouette}`)
            .join(" "),
        ),
      );
      console.log(
        `${preset}: k=${report.clusters} ari=${metrics.ari.toFixed(3)} purity=${metrics.purity.toFixed(3)}`,
      );
      expect(metrics.ari).toBeGreaterThanOrEqual(floors[preset].ari);
      expect(metrics.purity).toBeGreaterThanOrEqual(floors[preset].purity);
    },
    600_000,
  );
});
