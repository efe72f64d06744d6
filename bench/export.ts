import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { canonicalJson } from "../src/core/canonical-json.js";
import { sha256Hex } from "../src/core/hash.js";
import { mix32 } from "../src/export/checks/text-hash.js";
import { runExport } from "../src/export/run-export.js";
import {
  defaultExportOptions,
  type ExporterName,
  type ExportRecord,
  type ExportSource,
} from "../src/export/types.js";
import { createRedactor } from "../src/model/redact.js";
import { childArgument, numberOption, reportFromChild, runChild } from "./child-process.js";

/**
 * Export throughput: N generated graded records streamed through the real exporter (firewall
 * checks, MinHash near-duplicates, schema validation) and writer, vs a baseline that only
 * serialises (canonical JSON) and writes one line per record, and a floor that only generates
 * and JSON.stringifies each record: what this machine can do before any check. Each measurement
 * runs in its own process so peak RSS is its own.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/export.js [--count 1000000]
 */
const categories = [
  "accepted",
  "accepted",
  "partially_accepted",
  "rejected",
  "needs_human_review",
] as const;
const verbs = [
  "fixed",
  "refactored",
  "documented",
  "tested",
  "profiled",
  "removed",
  "renamed",
  "split",
];
const nouns = [
  "parser",
  "tokenizer",
  "cache",
  "scheduler",
  "exporter",
  "reader",
  "writer",
  "router",
];

const hex8 = (value: number) => (value >>> 0).toString(16).padStart(8, "0");
/** Inputs come from a thousand session files, as a real export of a large tree reads them. */
const shardFiles = Array.from({ length: 1000 }, (_, shard) => ({
  path: `sessions/${shard}.jsonl`,
  sha256: sha256Hex(`shard ${shard}`),
}));

function record(index: number): ExportRecord {
  // Varied text, as real sessions are: words drawn by hashing, so few records are near duplicates.
  // Joined, not built with +=: a rope would cost every reader a flatten that records parsed from
  // JSON Lines (flat strings) never pay.
  const words: string[] = [`Session ${index}:`];
  for (let position = 0; position < 40; position++) {
    const draw = mix32(index * 64 + position);
    words.push(`${verbs[draw % 8]}-${nouns[(draw >>> 3) % 8]}-${(draw >>> 6) % 5000}`);
  }
  const content = `${words.join(" ")}.`;
  const shard = shardFiles[index % shardFiles.length] as (typeof shardFiles)[number];
  const traceId = `trace_${hex8(mix32(index))}${hex8(mix32(index ^ 0x5bd1e995))}${hex8(mix32(~index))}`;
  return {
    recordId: `record_${index}`,
    sourceRunId: `run-${index}`,
    taskId: `task-${index % 50_000}`,
    title: `Task ${index % 50_000}`,
    category: categories[index % categories.length],
    grade: { id: `grade_${index}`, score: (index * 37) % 100, confidence: 0.8 },
    messages: [
      { role: "user", content: `Task ${index % 50_000}: improve the ${nouns[index % 8]}` },
      { role: "assistant", content },
    ],
    content,
    tags: ["bench"],
    provenance: { traceId, stepRange: [0, 10], sourceFile: shard },
    createdAt: "2026-01-01T00:00:00.000Z",
    origin: { file: shard.path, line: Math.floor(index / shardFiles.length) + 1 },
  };
}

function generatedSource(count: number): ExportSource {
  return {
    name: "bench",
    canRead: async () => true,
    async *read() {
      for (let index = 0; index < count; index++) yield record(index);
    },
  };
}

/** `privacy: false` runs the export with the detectors off: the cost of the issue-17 check. */
async function measureExport(exporter: ExporterName, count: number, privacy = true) {
  const out = await mkdtemp(join(tmpdir(), "tracemill-bench-export-"));
  const started = performance.now();
  const summary = await runExport({
    exporters: [exporter],
    from: out,
    out,
    format: "native",
    dryRun: false,
    evalSets: [],
    options: { ...defaultExportOptions, includePartial: true, includeReview: true },
    toolVersion: "bench",
    source: generatedSource(count),
    ...(privacy ? {} : { redactor: createRedactor({ enabled: false }) }),
  });
  const seconds = (performance.now() - started) / 1000;
  await rm(out, { recursive: true, force: true });
  const counts = summary.exporters[0]?.counts;
  return {
    exporter,
    count,
    seconds,
    recordsPerSecond: count / seconds,
    rowsOut: counts?.out,
    quarantined: counts?.quarantined,
    byReason: counts?.byReason,
  };
}

/**
 * The baseline generates the records and writes one canonical JSON line each (sorted keys, as
 * every row is written), no checks.
 */
async function measureBaseline(count: number) {
  const out = await mkdtemp(join(tmpdir(), "tracemill-bench-export-"));
  const started = performance.now();
  const stream = createWriteStream(join(out, "rows.jsonl"));
  for await (const item of generatedSource(count).read(out, () => {})) {
    if (!stream.write(`${canonicalJson(item)}\n`))
      await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => stream.end(() => resolve()));
  const seconds = (performance.now() - started) / 1000;
  await rm(out, { recursive: true, force: true });
  return { count, seconds, recordsPerSecond: count / seconds };
}

/**
 * The floor: generate each record and `JSON.stringify` it once, nothing written. What this
 * machine does per record before any check, id or write, so the distance to a rows/s goal can
 * be read off the same run.
 */
async function measureFloor(count: number) {
  const started = performance.now();
  let characters = 0;
  for await (const item of generatedSource(count).read("", () => {})) {
    characters += JSON.stringify(item).length;
  }
  const seconds = (performance.now() - started) / 1000;
  return { count, seconds, recordsPerSecond: count / seconds, characters };
}

const what = childArgument();
if (what !== undefined) {
  const count = numberOption("count", 1_000_000);
  reportFromChild(
    what === "baseline"
      ? await measureBaseline(count)
      : what === "floor"
        ? await measureFloor(count)
        : what === "sft-no-privacy"
          ? await measureExport("sft", count, false)
          : await measureExport(what as ExporterName, count),
  );
} else {
  const count = numberOption("count", 1_000_000);
  const script = fileURLToPath(import.meta.url);
  const run = (what: string, n: number) => runChild(script, what, ["--count", String(n)]);
  const floor = run("floor", count);
  console.log(
    `floor (generate + JSON.stringify, no write): ${Math.round(floor.recordsPerSecond)} records/s, peak RSS ${floor.peakRssMb} MB (${count} records)`,
  );
  const baseline = run("baseline", count);
  console.log(
    `baseline (generate + canonical JSON + write): ${Math.round(baseline.recordsPerSecond)} records/s, peak RSS ${baseline.peakRssMb} MB (${count} records)`,
  );
  for (const exporter of ["sft", "rag"]) {
    const result = run(exporter, count);
    console.log(
      `${exporter}: ${Math.round(result.recordsPerSecond)} records/s, ${Math.round(result.rowsOut / result.seconds)} rows/s (${result.rowsOut} rows, ${result.quarantined} quarantined) in ${result.seconds.toFixed(1)} s, peak RSS ${result.peakRssMb} MB → ${(baseline.recordsPerSecond / result.recordsPerSecond).toFixed(2)}× the baseline's time`,
    );
  }
  const unchecked = run("sft-no-privacy", count);
  const checked = run("sft", count);
  console.log(
    `sft privacy check (issue 17): ${Math.round(checked.recordsPerSecond)} records/s with the detectors, ${Math.round(unchecked.recordsPerSecond)} without → ${(unchecked.recordsPerSecond / checked.recordsPerSecond).toFixed(2)}× the time`,
  );
  const preferenceCount = numberOption("preference-count", 200_000);
  const preference = run("preference", preferenceCount);
  console.log(
    `preference: ${Math.round(preference.recordsPerSecond)} records/s (${preference.rowsOut} pairs) in ${preference.seconds.toFixed(1)} s, peak RSS ${preference.peakRssMb} MB (${preferenceCount} records)`,
  );
}
