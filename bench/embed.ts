import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createCachingEmbedder } from "../src/model/embedders/caching-embedder.js";
import { createOfflineEmbeddingSource } from "../src/model/embedders/offline-embedder.js";
import type { TensorflowBackend } from "../src/model/embedders/universal-sentence-encoder.js";

/**
 * Offline embedder throughput: texts/s for short texts on the wasm and the pure-JS cpu backend
 * (baseline = cpu), plus model load time and peak RSS. Each backend runs in its own process,
 * because TensorFlow.js fixes one backend per process and peak RSS is per process.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/embed.js [--count 1000] [--batch 64]
 */
interface Measurement {
  backend: TensorflowBackend;
  count: number;
  loadMs: number;
  embedMs: number;
  textsPerSecond: number;
  peakRssMb: number;
}

const subjects = [
  "my order",
  "the invoice",
  "the login page",
  "a refund",
  "the printer",
  "my password",
  "the app",
  "the parcel",
];
const problems = [
  "is late",
  "will not load",
  "shows an error",
  "was charged twice",
  "is jammed",
  "expired",
  "crashes on start",
  "never arrived",
];

/** Distinct short support-style texts, deterministic, so every run embeds the same input. */
export function shortTexts(count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const subject = subjects[index % subjects.length];
    const problem = problems[Math.floor(index / subjects.length) % problems.length];
    return `Ticket ${index}: ${subject} ${problem}, please help.`;
  });
}

async function measure(
  backend: TensorflowBackend,
  count: number,
  batchSize: number,
): Promise<Measurement> {
  const source = createOfflineEmbeddingSource("use-512", { backend });
  const loadStarted = performance.now();
  await source.warmUp();
  await source.embedBatch(["warm-up run so the first timed batch pays no one-off cost"], undefined);
  const loadMs = performance.now() - loadStarted;
  const embedder = createCachingEmbedder(source, { batchSize });
  const result = await embedder.embed(shortTexts(count));
  if (result.usage.computedCount !== count)
    throw new Error(`expected ${count} computed texts, got ${result.usage.computedCount}`);
  return {
    backend,
    count,
    loadMs: Math.round(loadMs),
    embedMs: result.durationMs,
    textsPerSecond: Math.round((count / result.durationMs) * 1000 * 10) / 10,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? fallback : Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive integer`);
  return value;
}

function runChild(backend: TensorflowBackend, count: number, batchSize: number): Measurement {
  const script = fileURLToPath(import.meta.url);
  const child = spawnSync(
    process.execPath,
    [script, "--child", backend, "--count", String(count), "--batch", String(batchSize)],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  if (child.status !== 0) throw new Error(`${backend} run failed with exit code ${child.status}`);
  const lastLine = child.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(lastLine) as Measurement;
}

async function main(): Promise<void> {
  const count = option("count", 1000);
  const batchSize = option("batch", 64);
  const childIndex = process.argv.indexOf("--child");
  if (childIndex !== -1) {
    const backend = process.argv[childIndex + 1] as TensorflowBackend;
    process.stdout.write(`${JSON.stringify(await measure(backend, count, batchSize))}\n`);
    return;
  }
  console.log(`offline:use-512, ${count} short texts, batch ${batchSize}, node ${process.version}`);
  const results: Measurement[] = [];
  for (const backend of ["cpu", "wasm"] as const) {
    const result = runChild(backend, count, batchSize);
    results.push(result);
    console.log(
      `${backend.padEnd(5)} ${String(result.textsPerSecond).padStart(8)} texts/s  embed ${result.embedMs} ms  load ${result.loadMs} ms  peak RSS ${result.peakRssMb} MB`,
    );
  }
  const [cpu, wasm] = results as [Measurement, Measurement];
  console.log(
    `wasm / cpu throughput ratio: ${(wasm.textsPerSecond / cpu.textsPerSecond).toFixed(1)}x (baseline = cpu)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
