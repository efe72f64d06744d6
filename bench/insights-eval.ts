import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { embedderConfigSchema } from "../src/core/config.js";
import { buildEvalSet, type EvalSetPreset, evalSetPresets } from "../src/insights/eval/eval-set.js";
import { clusteringMetrics } from "../src/insights/eval/metrics.js";
import { runInsights } from "../src/insights/run/run-insights.js";
import { createMemoryCache } from "../src/model/cache.js";
import { createEmbedder } from "../src/model/embedders/create-embedder.js";

/**
 * The clustering evaluation set (24 topics, three presets) through facets → embeddings → k chosen
 * by silhouette → k-means at default settings, against a baseline in the same process: the same
 * run with `--k 24` (the true number of topics, no search). Embeddings are computed once per text
 * (in-memory cache), so the first run of a preset pays the embedding and the second does not; the
 * ratio shows what choosing k costs.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/insights-eval.js
 */
async function main() {
  const dir = await mkdtemp(join(tmpdir(), "tracemill-bench-eval-set-"));
  const embedder = await createEmbedder(embedderConfigSchema.parse({ workers: 2 }), {
    cache: createMemoryCache(),
  });
  const rows: string[] = [];
  for (const preset of Object.keys(evalSetPresets) as EvalSetPreset[]) {
    const set = buildEvalSet(preset);
    const input = join(dir, `${preset}.jsonl`);
    await writeFile(input, set.conversations.map((row) => `${JSON.stringify(row)}\n`).join(""));
    const topicOf = new Map(set.truth.map((row) => [row.conversation_id, row.topic]));
    for (const k of [undefined, 24]) {
      const started = performance.now();
      const report = await runInsights(
        {
          input,
          runsDir: join(dir, "runs"),
          stages: { clustering: true },
          ...(k === undefined ? {} : { k }),
        },
        { embedder, salt: "bench", toolVersion: "bench" },
      );
      const seconds = (performance.now() - started) / 1000;
      const assignments = (await readFile(join(report.dir, "base_assignments.jsonl"), "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { conversation_id: string; cluster_id: number });
      const metrics = clusteringMetrics(
        assignments.map((row) => topicOf.get(row.conversation_id) ?? "?"),
        assignments.map((row) => row.cluster_id),
      );
      const phases = Object.entries(report.durationsMs)
        .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`)
        .join(", ");
      rows.push(
        `| ${preset} | ${k === undefined ? "silhouette (default)" : "--k 24"} | ${report.clusters} | ${metrics.ari.toFixed(3)} | ${metrics.purity.toFixed(3)} | ${seconds.toFixed(1)} s | ${phases} |`,
      );
      console.log(rows.at(-1));
    }
  }
  console.log(
    "\n| preset | k rule | k | ARI | purity | wall | phases |\n|---|---|---|---|---|---|---|",
  );
  console.log(rows.join("\n"));
  await rm(dir, { recursive: true, force: true });
}

await main();
