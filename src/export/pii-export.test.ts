import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { everyFile, findPlanted, plantedSecrets } from "../test-support/planted-secrets.js";
import type { Exporter, ExportItem } from "./exporters/exporter.js";
import { sftExporter } from "./exporters/index.js";
import { runExport } from "./run-export.js";
import {
  type Category,
  defaultExportOptions,
  type ExporterName,
  type ExportRecord,
  type ExportSource,
} from "./types.js";
import { sampleProvenance } from "./writers/__fixtures__/format-fixtures.js";
import type { DatasetRow } from "./writers/dataset-writer.js";
import { exportHealth } from "./writers/export-health.js";

/**
 * Issue 17: the export's last check. Every record and row of every exporter passes the privacy
 * detectors; by default a flagged one is quarantined `pii_detected` (the kind named, never the
 * value), with `--pii redact` it is written redacted; the counts still add up.
 */
let root: string;
let from: string;
let out: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "tracemill-pii-export-"));
  from = join(root, "in");
  out = join(root, "exports");
  await mkdir(from, { recursive: true });
  await writeFile(join(from, "trace.json"), "{}\n");
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function record(index: number, category: Category, answer: string, task = "task_1"): ExportRecord {
  return {
    recordId: `record_${index}`,
    sourceRunId: `run_${index}`,
    taskId: task,
    title: `Record ${index}`,
    category,
    messages: [
      { role: "user", content: "Set up the deployment credentials" },
      { role: "assistant", content: answer },
    ],
    content: answer,
    tags: ["demo"],
    provenance: { ...sampleProvenance, traceId: `trace_${index}` },
    createdAt: "2026-01-02T03:04:05.000Z",
    origin: { file: "trace.json", line: index },
  };
}

function sourceOf(records: ExportRecord[]): ExportSource {
  return {
    name: "memory",
    canRead: async () => true,
    async *read() {
      yield* records;
    },
  };
}

const allExporters: ExporterName[] = ["sft", "rag", "preference"];

async function plantedRecords(): Promise<{ records: ExportRecord[]; count: number }> {
  const secrets = await plantedSecrets();
  const records: ExportRecord[] = [];
  secrets.forEach((secret, index) => {
    // One task per secret: an accepted answer holding it, a rejected clean one to pair with.
    const task = `task_${index}`;
    records.push(
      record(
        index * 2,
        "accepted",
        `Service s${index} (region r${index}, stage p${index}): exported ${secret.value} as key k${index}.`,
        task,
      ),
      record(index * 2 + 1, "rejected", `Gave up after ${index} attempts without a key.`, task),
    );
  });
  records.push(record(9000, "accepted", "Set the region to eu-west-1 and redeployed.", "clean"));
  return { records, count: secrets.length };
}

describe("export: the privacy check on every row", () => {
  it("quarantines every record holding a secret as pii_detected, naming the kind and never the value", async () => {
    const secrets = await plantedSecrets();
    const { records, count } = await plantedRecords();
    const summary = await runExport({
      exporters: allExporters,
      from,
      out,
      format: "native",
      dryRun: false,
      evalSets: [],
      options: defaultExportOptions,
      toolVersion: "test",
      source: sourceOf(records),
    });
    for (const exporter of summary.exporters) {
      const { counts } = exporter;
      expect(counts.in, exporter.exporter).toBe(records.length);
      expect(counts.in).toBe(counts.written + counts.quarantined + counts.skipped);
      expect(counts.byReason.pii_detected, exporter.exporter).toBe(count);
      expect(exporter.validation.passed).toBe(true);
    }
    expect(await findPlanted(await everyFile(out), secrets)).toEqual([]);
    const quarantined = (await readFile(join(out, "quarantine", "sft.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { reasons: string[]; errors: string[] })
      .filter((entry) => entry.reasons.includes("pii_detected"));
    expect(quarantined).toHaveLength(count);
    for (const [index, entry] of quarantined.entries()) {
      const kind = secrets[index]?.kind ?? "";
      expect(entry.errors.join(" ")).toContain(`${kind} ×`);
    }
    const health = await exportHealth(out);
    expect(health.byReason.pii_detected).toBe(count * allExporters.length);
    const advice = health.records.find((entry) => entry.reasons.includes("pii_detected"));
    expect(advice?.missing.join(" ")).toContain("--pii redact");
  });

  it("--pii redact writes the rows with markers instead, and counts the kinds in the receipt", async () => {
    const secrets = await plantedSecrets();
    const { records, count } = await plantedRecords();
    const summary = await runExport({
      exporters: allExporters,
      from,
      out,
      format: "native",
      dryRun: false,
      evalSets: [],
      options: { ...defaultExportOptions, pii: "redact" },
      toolVersion: "test",
      source: sourceOf(records),
    });
    const sft = summary.exporters.find((exporter) => exporter.exporter === "sft");
    expect(sft?.counts.byReason.pii_detected).toBeUndefined();
    expect(sft?.counts.written).toBe(count + 1);
    const redacted = Object.values(sft?.counts.redactedByKind ?? {}).reduce((a, b) => a + b, 0);
    expect(redacted).toBeGreaterThanOrEqual(count);
    for (const exporter of summary.exporters) {
      const { counts } = exporter;
      expect(counts.in).toBe(counts.written + counts.quarantined + counts.skipped);
    }
    expect(await findPlanted(await everyFile(out), secrets)).toEqual([]);
    expect(await readFile(join(out, "sft", "sft.jsonl"), "utf8")).toContain("[REDACTED:");
  });

  it("checks the row as written, whatever exporter built it", async () => {
    const secrets = await plantedSecrets();
    const secret = secrets[0]?.value ?? "";
    // An exporter that adds text of its own to the row: the record checks never saw it.
    const leaky: Exporter<DatasetRow> = {
      name: "sft",
      async *run(input, context): AsyncIterable<ExportItem<DatasetRow>> {
        for await (const item of sftExporter.run(input, context)) {
          if (item.kind !== "row" || item.row.type !== "sft") {
            yield item;
            continue;
          }
          const messages = [...item.row.messages, { role: "assistant" as const, content: secret }];
          yield { ...item, row: { ...item.row, messages } };
        }
      },
    };
    const records = [record(1, "accepted", "Opened the settings panel.")];
    const summary = await runExport({
      exporters: ["sft"],
      from,
      out,
      format: "openai",
      dryRun: false,
      evalSets: [],
      options: defaultExportOptions,
      toolVersion: "test",
      source: sourceOf(records),
      exporterImplementations: { sft: leaky },
    });
    const counts = summary.exporters[0]?.counts;
    expect(counts).toMatchObject({ in: 1, written: 0, quarantined: 1, out: 0 });
    expect(counts?.byReason.pii_detected).toBe(1);
    expect(await findPlanted(await everyFile(out), secrets.slice(0, 1))).toEqual([]);
  });
});
