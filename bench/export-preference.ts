import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256Hex } from "../src/core/hash.js";
import { mix32 } from "../src/export/checks/text-hash.js";
import type { Exporter } from "../src/export/exporters/index.js";
import { runExport } from "../src/export/run-export.js";
import {
  type Category,
  defaultExportOptions,
  type ExportRecord,
  type ExportSource,
} from "../src/export/types.js";
import type { DatasetRow } from "../src/export/writers/dataset-writer.js";
import { inMemoryPreferenceExporter } from "../src/test-support/preference-in-memory.js";
import { childArgument, numberOption, reportFromChild, runChild } from "./child-process.js";

/**
 * Preference export memory and throughput: N generated records, 20 per task (tasks interleaved
 * through the input, as sessions from many runs are), each task a mix of accepted, partially
 * accepted and rejected answers from distinct runs to one shared user prompt, so every task forms
 * its full quota of pairs. Streamed through `runExport` (firewall checks, near-duplicate index,
 * pairing, schema validation, native writer) with the spilling exporter and with the old
 * in-memory one (src/test-support/preference-in-memory.ts), each run in its own process so its
 * peak RSS is its own.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/export-preference.js \
 *     [--count 1000000] [--old-count 200000]
 */
const recordsPerTask = 20;
const categories: readonly Category[] = ["accepted", "partially_accepted", "rejected"];
const verbs = ["added", "fixed", "renamed", "cached", "split", "tested", "removed", "logged"];
const things = ["parser", "queue", "index", "router", "buffer", "schema", "client", "worker"];

const hex8 = (value: number) => value.toString(16).padStart(8, "0");
/** An id of the `kind_<24 hex>` shape real sources give (deterministicId), minus sha256's cost. */
const idOf = (kind: string, index: number) =>
  `${kind}_${hex8(mix32(index))}${hex8(mix32(index ^ 0x5bd1e995))}${hex8(mix32(kind.length + index * 31))}`;
const sourceFiles = Array.from({ length: 1000 }, (_, file) => ({
  path: `sessions/${file}.jsonl`,
  sha256: sha256Hex(`file ${file}`),
}));

function answer(index: number): string {
  const words: string[] = [`Attempt ${index}:`];
  for (let word = 0; word < 40; word++) {
    const draw = mix32(index * 97 + word);
    words.push(`${verbs[draw & 7]} ${things[(draw >>> 3) & 7]}#${(draw >>> 6) % 10_000}`);
  }
  return `${words.join(" ")}.`;
}

function record(index: number, count: number): ExportRecord {
  const taskCount = Math.max(1, Math.floor(count / recordsPerTask));
  const task = index % taskCount;
  // Each pass over the tasks moves to the next category, so every task gets all three.
  const category = categories[Math.floor(index / taskCount) % categories.length] as Category;
  const band = { accepted: 70, partially_accepted: 40, rejected: 0 }[category as string] ?? 0;
  const content = answer(index);
  const gradeId = idOf("grade", index);
  const file = sourceFiles[task % sourceFiles.length] as (typeof sourceFiles)[number];
  return {
    recordId: idOf("record", index),
    sourceRunId: idOf("session", index),
    taskId: `task-${task}`,
    title: `Task ${task}`,
    category,
    grade: { id: gradeId, score: band + (mix32(index) % 30), confidence: 0.9 },
    messages: [
      {
        role: "user",
        content: `Task ${task}: make the ${things[task & 7]} faster without losing data.`,
      },
      { role: "assistant", content },
    ],
    content,
    tags: ["bench"],
    provenance: {
      traceId: idOf("trace", index),
      stepRange: [0, 12],
      sourceFile: file,
      gradeId,
    },
    createdAt: "2026-01-01T00:00:00.000Z",
    origin: { file: file.path, line: Math.floor(index / taskCount) + 1 },
  };
}

function generatedSource(count: number): ExportSource {
  return {
    name: "bench",
    canRead: async () => true,
    async *read() {
      for (let index = 0; index < count; index++) yield record(index, count);
    },
  };
}

type Path = "old" | "new";

async function measure(path: Path, count: number) {
  const out = await mkdtemp(join(tmpdir(), "tracemill-bench-preference-"));
  const started = performance.now();
  try {
    const summary = await runExport({
      exporters: ["preference"],
      from: out,
      out,
      format: "native",
      dryRun: false,
      evalSets: [],
      options: defaultExportOptions,
      toolVersion: "bench",
      source: generatedSource(count),
      ...(path === "old"
        ? {
            exporterImplementations: {
              preference: inMemoryPreferenceExporter as Exporter<DatasetRow>,
            },
          }
        : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    const counts = summary.exporters[0]?.counts;
    return {
      path,
      count,
      seconds,
      recordsPerSecond: count / seconds,
      pairs: counts?.out,
      quarantined: counts?.quarantined,
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const what = childArgument();
if (what !== undefined) {
  reportFromChild(await measure(what as Path, numberOption("count", 1_000_000)));
} else {
  const count = numberOption("count", 1_000_000);
  const oldCount = numberOption("old-count", 200_000);
  const script = fileURLToPath(import.meta.url);
  const run = (path: Path, records: number) => runChild(script, path, ["--count", String(records)]);
  const report = (label: string, result: ReturnType<typeof JSON.parse>) =>
    console.log(
      `${label}: ${result.count} records, ${Math.round(result.recordsPerSecond)} records/s, ${result.pairs} pairs written, ${result.quarantined} quarantined, ${result.seconds.toFixed(1)} s, peak RSS ${result.peakRssMb} MB`,
    );
  // The old path holds every record until the input ends, so it runs at a smaller count.
  report("old in-memory (baseline)", run("old", oldCount));
  report("new spilling           ", run("new", oldCount));
  if (count !== oldCount) report("new spilling           ", run("new", count));
}
