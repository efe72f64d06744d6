import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256File } from "../core/hash.js";
import type { Exporter, ExportItem } from "./exporters/exporter.js";
import { sftExporter } from "./exporters/index.js";
import type { ExportReceipt } from "./receipt.js";
import { renderExportSummary } from "./render-export.js";
import { type RunExportInput, runExport } from "./run-export.js";
import {
  type Category,
  defaultExportOptions,
  type ExportRecord,
  type ExportSource,
} from "./types.js";
import { sampleProvenance } from "./writers/__fixtures__/format-fixtures.js";
import type { DatasetRow } from "./writers/dataset-writer.js";
import { exportHealth } from "./writers/export-health.js";

let root: string;
let from: string;
let out: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "tracemill-run-export-"));
  from = join(root, "in");
  out = join(root, "exports");
  await mkdir(join(from, "session"), { recursive: true });
  await writeFile(join(from, "session", "trace.json"), '{"trace":true}\n');
  await writeFile(join(from, "session", "frame.jpg"), "jpeg bytes of a frame");
  await writeFile(join(root, "eval.jsonl"), `${JSON.stringify({ question: contaminatedText })}\n`);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const contaminatedText =
  "the quick brown fox jumps over the lazy dog while seven wizards quietly judge every boxer in the ring";

function record(
  index: number,
  category: Category,
  text: string,
  overrides: Partial<ExportRecord> = {},
): ExportRecord {
  return {
    recordId: `record_${index}`,
    sourceRunId: `run_${index}`,
    taskId: "task_1",
    title: `Record ${index}`,
    category,
    messages: [
      {
        role: "user",
        content: [
          { type: "text", text: `Task ${index}` },
          { type: "image", path: "session/frame.jpg" },
        ],
      },
      { role: "assistant", content: text },
    ],
    content: text,
    tags: ["demo"],
    provenance: {
      ...sampleProvenance,
      traceId: `trace_${index}`,
      sourceFile: { ...sampleProvenance.sourceFile, path: "session/trace.json" },
    },
    createdAt: "2026-01-02T03:04:05.000Z",
    origin: { file: "session/trace.json", line: index },
    baseDir: from,
    ...overrides,
  };
}

/** Built per test: `from` (the image base folder) changes with each temporary folder. */
const records = (): ExportRecord[] => [
  record(1, "accepted", "Opened the settings panel by clicking the gear icon in the toolbar."),
  record(2, "rejected", "Deleted every file in the home folder without asking anyone first."),
  record(
    3,
    "needs_human_review",
    "Perhaps changed the wallpaper, the judges could not agree on it.",
  ),
  record(4, "accepted", contaminatedText),
  record(
    5,
    "partially_accepted",
    "Renamed the report but left the old draft sitting on the desktop.",
  ),
];

const fakeSource: ExportSource = {
  name: "fake",
  canRead: async () => true,
  async *read() {
    yield* records();
  },
};

function input(overrides: Partial<RunExportInput> = {}): RunExportInput {
  return {
    exporters: ["sft", "rag", "preference"],
    from,
    out,
    format: "native",
    dryRun: false,
    evalSets: [join(root, "eval.jsonl")],
    options: defaultExportOptions,
    toolVersion: "0.1.0-test",
    source: fakeSource,
    ...overrides,
  };
}

async function snapshot(folder: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path, (await readFile(path)).toString("base64"));
  }
  return files;
}

describe("runExport", () => {
  it("keeps rejected and review records out of SFT and quarantines them with reasons", async () => {
    const summary = await runExport(input());
    const sft = summary.exporters.find((entry) => entry.exporter === "sft");
    expect(sft?.counts).toMatchObject({ in: 5, out: 1, quarantined: 4 });
    expect(sft?.counts.byReason).toMatchObject({
      unsafe_sft_category: 2,
      eval_contamination: 1,
      category_disallowed: 1,
    });
    const rows = (await readFile(join(out, "sft", "sft.jsonl"), "utf8")).trimEnd().split("\n");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('"traceId":"trace_1"');
    expect(rows[0]).toMatch(/"path":"images\/[0-9a-f]{64}\.jpg"/);
    const quarantine = (await readFile(join(out, "quarantine", "sft.jsonl"), "utf8"))
      .trimEnd()
      .split("\n");
    expect(quarantine.map((line) => JSON.parse(line).recordId)).toEqual([
      "record_2",
      "record_3",
      "record_4",
      "record_5",
    ]);
    const rag = summary.exporters.find((entry) => entry.exporter === "rag");
    expect(rag?.counts.byReason.unsafe_rag_category).toBe(1);
  });

  it("lists in the receipt every file the source read, also those that gave no record", async () => {
    await writeFile(join(from, "session", "notes.jsonl"), "not json\n");
    const withFiles: ExportSource = {
      ...fakeSource,
      async *inputFiles(folder) {
        yield join(folder, "session", "notes.jsonl");
        yield "session/trace.json";
      },
    };
    await runExport(input({ source: withFiles }));
    const receipt = JSON.parse(
      await readFile(join(out, "sft", "receipt.json"), "utf8"),
    ) as ExportReceipt;
    expect(receipt.inputs.map((file) => file.path)).toEqual([
      "../eval.jsonl",
      "session/frame.jpg",
      "session/notes.jsonl",
      "session/trace.json",
    ]);
  });

  it("writes receipts whose hashes match the files and a latest.md", async () => {
    await runExport(input());
    const receipt = JSON.parse(
      await readFile(join(out, "sft", "receipt.json"), "utf8"),
    ) as ExportReceipt;
    expect(receipt).toMatchObject({
      tool: "tracemill",
      toolVersion: "0.1.0-test",
      exporter: "sft",
      gitCommit: null,
    });
    expect(receipt.validation).toEqual({ passed: true, errors: [] });
    expect(receipt.inputs.map((file) => file.path)).toEqual([
      "../eval.jsonl",
      "session/frame.jpg",
      "session/trace.json",
    ]);
    expect(receipt.outputs.map((file) => file.path)).toContain("quarantine/sft.jsonl");
    for (const file of [
      ...receipt.outputs.map((entry) => ({ ...entry, base: out })),
      ...receipt.inputs.map((entry) => ({ ...entry, base: from })),
    ]) {
      expect(await sha256File(join(file.base, file.path))).toEqual({
        sha256: file.sha256,
        bytes: file.bytes,
      });
    }
    const latest = await readFile(join(out, "latest.md"), "utf8");
    expect(latest).toContain("## sft");
    expect(latest).toContain("| unsafe_sft_category | 2 |");
  });

  it("reruns byte-identically, for every format", async () => {
    for (const format of ["native", "openai", "trl", "parquet"] as const) {
      await runExport(input({ format }));
      const first = await snapshot(out);
      await runExport(input({ format }));
      expect(await snapshot(out)).toEqual(first);
    }
  });

  it("writes nothing on a dry run and reports the plan", async () => {
    const summary = await runExport(input({ dryRun: true }));
    await expect(readdir(out)).rejects.toThrow();
    const sft = summary.exporters.find((entry) => entry.exporter === "sft");
    expect(sft?.files[0]).toEqual({ path: "sft/sft.jsonl", rows: 1 });
    expect(sft?.files.some((file) => /^sft\/images\/[0-9a-f]{64}\.jpg$/.test(file.path))).toBe(
      true,
    );
    expect(sft?.receipt).toBeUndefined();
  });

  it("quarantines a row that fails re-validation and fails the receipt's validation", async () => {
    const broken = await runExport(
      input({
        exporters: ["sft"],
        evalSets: [],
        source: {
          ...fakeSource,
          async *read() {
            yield record(9, "accepted", "An image that is gone.", {
              baseDir: join(root, "missing"),
            });
          },
        },
      }),
    );
    expect(broken.exporters[0]?.counts).toMatchObject({
      out: 0,
      quarantined: 1,
      byReason: { schema_violation: 1 },
    });
    expect(broken.exporters[0]?.validation.passed).toBe(false);
    const receipt = JSON.parse(
      await readFile(join(out, "sft", "receipt.json"), "utf8"),
    ) as ExportReceipt;
    expect(receipt.validation.passed).toBe(false);
  });

  it("summarises quarantine health per category and reason with what is missing", async () => {
    await runExport(input());
    const health = await exportHealth(out);
    expect(health.byExporter.sft).toBe(4);
    expect(health.byCategory.rejected).toBeGreaterThanOrEqual(2);
    const contaminated = health.records.find(
      (entry) => entry.exporter === "sft" && entry.recordId === "record_4",
    );
    expect(contaminated?.reasons).toEqual(["eval_contamination"]);
    expect(contaminated?.missing[0]).toContain("evaluation-set overlap");
  });
});

describe("export summaries add up (issue 13)", () => {
  it("counts preference records without a partner as no_pair skips, so in = written + quarantined + skipped", async () => {
    const lonely: ExportSource = {
      ...fakeSource,
      async *read() {
        yield record(1, "accepted", "Opened the settings panel by clicking the gear icon.");
        yield record(2, "accepted", "Saved the report as a PDF from the file menu.", {
          taskId: "task_2",
        });
      },
    };
    const summary = await runExport(
      input({ exporters: ["preference"], source: lonely, evalSets: [] }),
    );
    const preference = summary.exporters[0];
    expect(preference?.counts).toMatchObject({
      in: 2,
      out: 0,
      written: 0,
      quarantined: 0,
      skipped: 2,
      skippedByReason: { no_pair: 2 },
    });
    const text = renderExportSummary(summary);
    expect(text).toContain(
      "preference (native): 2 in = 0 written (0 rows) + 0 quarantined + 2 skipped",
    );
    expect(text).toContain("skipped, no_pair: 2");
    const receipt = JSON.parse(
      await readFile(join(out, "preference", "receipt.json"), "utf8"),
    ) as ExportReceipt;
    expect(receipt.counts.skippedByReason).toEqual({ no_pair: 2 });
    expect(await readFile(join(out, "latest.md"), "utf8")).toContain("| no_pair | 2 |");
  });

  it("fails validation when an exporter loses a record", async () => {
    // The real SFT exporter with its refusals dropped on the floor.
    const leaky: Exporter<DatasetRow> = {
      name: "sft",
      async *run(records, context) {
        for await (const item of sftExporter.run(records, context))
          if (item.kind === "row") yield item as ExportItem<DatasetRow>;
      },
    };
    const summary = await runExport(
      input({ exporters: ["sft"], evalSets: [], exporterImplementations: { sft: leaky } }),
    );
    expect(summary.exporters[0]?.validation).toEqual({
      passed: false,
      errors: ["records do not add up: 5 in, but 2 written + 0 quarantined + 0 skipped = 2"],
    });
  });

  it("adds up for every exporter on mixed input", async () => {
    const summary = await runExport(input());
    for (const { exporter, counts } of summary.exporters) {
      expect(
        counts.written + counts.quarantined + counts.skipped,
        `${exporter}: ${JSON.stringify(counts)}`,
      ).toBe(counts.in);
    }
    const preference = summary.exporters.find((entry) => entry.exporter === "preference");
    expect(preference?.counts.written).toBe(2 * (preference?.counts.out ?? 0));
  });
});

describe("an export killed half way (issue 13)", () => {
  it("leaves no temporaries after the next run, and says it removed them", async () => {
    await mkdir(join(out, "sft", "images"), { recursive: true });
    // A pid no process has: far above the kernel's pid_max.
    const gone = 2 ** 30;
    await writeFile(join(out, "sft", `rows.jsonl.tmp-${gone}`), "half a dataset");
    await writeFile(join(out, "sft", "images", `0a.jpg.tmp-${gone}`), "half an image");
    await writeFile(join(out, `latest.md.tmp-${gone}`), "half a summary");
    const summary = await runExport(input());
    expect(summary.staleRemoved).toBe(3);
    expect(renderExportSummary(summary)).toContain(
      "removed 3 temporary file(s) left by an earlier export that was stopped half way",
    );
    const left = (await readdir(out, { recursive: true })).filter((name) => name.includes(".tmp-"));
    expect(left).toEqual([]);
  });
});
