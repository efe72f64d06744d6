import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { embedderConfigSchema } from "../src/core/config.js";
import { chooseK } from "../src/insights/cluster/choose-k.js";
import { clusterVectors } from "../src/insights/cluster/kmeans.js";
import { createRandom } from "../src/insights/cluster/random.js";
import { normalizeRows, type VectorMatrix } from "../src/insights/cluster/vectors.js";
import { generateSyntheticCorpus } from "../src/insights/eval/synthetic.js";
import { readConversations } from "../src/insights/input/read-conversations.js";
import { validateInputFile } from "../src/insights/input/validate-input.js";
import { runInsights } from "../src/insights/run/run-insights.js";
import { createEmbedder } from "../src/model/embedders/create-embedder.js";

/**
 * Insights at scale, each measurement in its own process so peak RSS is its own:
 *  1. N generated conversations (default 10,000) through every stage offline (facets, embeddings,
 *     k-means, UMAP, labels, hierarchy, privacy, evaluation), per phase, against a baseline that
 *     only validates and reads the same file;
 *  2. k-means on 100k × 512 random-but-clustered vectors: mini-batch (what the run uses above
 *     20,000 points) against ml-kmeans on a 10k subset, the in-run baseline.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/insights.js [--count 10000] [--points 100000]
 */
function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

async function writeCorpus(count: number) {
  const dir = await mkdtemp(join(tmpdir(), "tracemill-bench-insights-"));
  const corpus = await generateSyntheticCorpus({ count, seed: 1 });
  const input = join(dir, "conversations.jsonl");
  await writeFile(input, corpus.conversations.map((row) => `${JSON.stringify(row)}\n`).join(""));
  return { dir, input };
}

async function measureReadOnly(count: number) {
  const { dir, input } = await writeCorpus(count);
  const started = performance.now();
  await validateInputFile(input);
  let read = 0;
  for await (const _ of readConversations(input)) read += 1;
  const seconds = (performance.now() - started) / 1000;
  await rm(dir, { recursive: true, force: true });
  return { what: "read-only", count: read, seconds };
}

async function measurePipeline(count: number) {
  const { dir, input } = await writeCorpus(count);
  // As `tracemill insights run` does: one offline model per core, up to two.
  const workers = Math.min(2, availableParallelism());
  const embedder = await createEmbedder(embedderConfigSchema.parse({ cache: false, workers }));
  const started = performance.now();
  const report = await runInsights(
    {
      input,
      runsDir: join(dir, "runs"),
      stages: {
        facets: true,
        clustering: true,
        labeling: true,
        hierarchy: true,
        privacy: true,
        eval: true,
      },
    },
    { embedder, salt: "bench-salt", toolVersion: "bench" },
  );
  const seconds = (performance.now() - started) / 1000;
  await embedder.close?.();
  await rm(dir, { recursive: true, force: true });
  return {
    what: "pipeline",
    embedWorkers: workers,
    count,
    seconds,
    clusters: report.clusters,
    hierarchy: report.hierarchyLevels,
    kept: report.clustersKept,
    hidden: report.clustersHidden,
    eval: report.eval,
    phasesMs: report.durationsMs,
  };
}

/** n unit vectors around `centres` planted directions, 512-d, so k-means has real structure to find. */
function clusteredVectors(
  n: number,
  centres: number,
  dimensions: number,
): { matrix: VectorMatrix; truth: Int32Array } {
  const random = createRandom(17);
  const directions = new Float32Array(centres * dimensions);
  for (let index = 0; index < directions.length; index++) directions[index] = random() * 2 - 1;
  const data = new Float32Array(n * dimensions);
  const truth = new Int32Array(n);
  for (let index = 0; index < n; index++) {
    const label = Math.floor(random() * centres);
    truth[index] = label;
    for (let column = 0; column < dimensions; column++) {
      data[index * dimensions + column] =
        (directions[label * dimensions + column] as number) + (random() - 0.5) * 1.5;
    }
  }
  return { matrix: normalizeRows({ data, rows: n, dimensions }), truth };
}

function purity(truth: Int32Array, assignments: ArrayLike<number>, n: number): number {
  const counts = new Map<number, Map<number, number>>();
  for (let index = 0; index < n; index++) {
    const cluster = assignments[index] as number;
    const map = counts.get(cluster) ?? new Map<number, number>();
    map.set(truth[index] as number, (map.get(truth[index] as number) ?? 0) + 1);
    counts.set(cluster, map);
  }
  let majority = 0;
  for (const map of counts.values()) majority += Math.max(...map.values());
  return majority / n;
}

function measureKmeans(what: "mini-batch" | "ml-kmeans", points: number, k: number) {
  const { matrix, truth } = clusteredVectors(points, k, 512);
  const started = performance.now();
  if (what === "mini-batch") {
    const outcome = clusterVectors(matrix, { k, seed: 42, miniBatch: true });
    return {
      what,
      points,
      k,
      seconds: (performance.now() - started) / 1000,
      iterations: outcome.iterations,
      purity: purity(truth, outcome.assignments, points),
    };
  }
  // The run's own ml-kmeans path: the same seeded k-means++, then ml-kmeans over number[][].
  const outcome = clusterVectors(matrix, { k, seed: 42, miniBatch: false });
  return {
    what,
    points,
    k,
    seconds: (performance.now() - started) / 1000,
    iterations: outcome.iterations,
    purity: purity(truth, outcome.assignments, points),
  };
}

const child = process.argv.indexOf("--child");
if (child !== -1) {
  const what = process.argv[child + 1];
  const result =
    what === "read-only"
      ? await measureReadOnly(option("count", 10_000))
      : what === "pipeline"
        ? await measurePipeline(option("count", 10_000))
        : measureKmeans(
            what === "ml-kmeans" ? "ml-kmeans" : "mini-batch",
            option("points", 100_000),
            option("k", 200),
          );
  process.stdout.write(
    `${JSON.stringify({ ...result, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  );
} else {
  const count = option("count", 10_000);
  const points = option("points", 100_000);
  const script = fileURLToPath(import.meta.url);
  const run = (what: string, extra: string[]) => {
    const result = spawnSync(process.execPath, [script, "--child", what, ...extra], {
      encoding: "utf8",
      maxBuffer: 1 << 22,
    });
    if (result.status !== 0) throw new Error(`${what} failed: ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split("\n").at(-1) as string);
  };
  const readOnly = run("read-only", ["--count", String(count)]);
  console.log(
    `baseline (validate + read ${count} conversations): ${readOnly.seconds.toFixed(1)} s, peak RSS ${readOnly.peakRssMb} MB`,
  );
  const pipeline = run("pipeline", ["--count", String(count)]);
  console.log(
    `pipeline, every stage offline (${pipeline.embedWorkers} embedder threads), ${count} conversations: ${pipeline.seconds.toFixed(1)} s (${(pipeline.seconds / readOnly.seconds).toFixed(0)}× the baseline), peak RSS ${pipeline.peakRssMb} MB; ${pipeline.clusters} clusters, hierarchy ${pipeline.hierarchy?.join(" → ")}, ${pipeline.kept} shown / ${pipeline.hidden} hidden`,
  );
  console.log(
    `  phases: ${Object.entries(pipeline.phasesMs as Record<string, number>)
      .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`)
      .join(", ")}`,
  );
  if (pipeline.eval) console.log(`  eval: ${JSON.stringify(pipeline.eval)}`);
  const subset = Math.min(10_000, points);
  const k = chooseK(points);
  const baseline = run("ml-kmeans", ["--points", String(subset), "--k", String(chooseK(subset))]);
  console.log(
    `baseline ml-kmeans, ${subset} × 512, k=${baseline.k}: ${baseline.seconds.toFixed(1)} s, ${baseline.iterations} iterations, purity ${baseline.purity.toFixed(3)}, peak RSS ${baseline.peakRssMb} MB`,
  );
  const smallMini = run("mini-batch", ["--points", String(subset), "--k", String(chooseK(subset))]);
  console.log(
    `mini-batch, ${subset} × 512, k=${smallMini.k}: ${smallMini.seconds.toFixed(1)} s (${(baseline.seconds / smallMini.seconds).toFixed(1)}× faster than ml-kmeans), ${smallMini.iterations} iterations, purity ${smallMini.purity.toFixed(3)}, peak RSS ${smallMini.peakRssMb} MB`,
  );
  const large = run("mini-batch", ["--points", String(points), "--k", String(k)]);
  console.log(
    `mini-batch, ${points} × 512, k=${k}: ${large.seconds.toFixed(1)} s, ${large.iterations} iterations, purity ${large.purity.toFixed(3)}, peak RSS ${large.peakRssMb} MB`,
  );
}
