import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runExport } from "./run-export.js";
import { defaultExportOptions, type ExportRecord, type ExportSource } from "./types.js";
import { sampleProvenance } from "./writers/__fixtures__/format-fixtures.js";
import { exportHealth } from "./writers/export-health.js";

/** Issue 17: conflicting verdicts reconciled to the strictest; export health advice that fits. */
let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "tracemill-verdicts-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeJsonl(path: string, lines: object[]): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`);
}

const sigHash = "a".repeat(64);
const scored = (runId: string, category: string, line: number) => ({
  evidence_run_id: runId,
  category,
  provenance: { source_file: "src/app.py", line_offset: line, sig_hash: sigHash },
});

describe("conflicting verdicts in the seed layout", () => {
  it("a run graded accepted and rejected reaches no SFT row, and the export says why", async () => {
    const from = join(root, "seed");
    await writeJsonl(join(from, "data/evidence/2025/03/01/e.jsonl"), [
      { run_id: "run-both", task_id: "task-1", text: "def both(): return 1  # first answer" },
      { run_id: "run-good", task_id: "task-1", text: "def good(): return 2  # second answer" },
    ]);
    await writeJsonl(join(from, "data/scored-runs/2025/03/01/s.jsonl"), [
      scored("run-both", "accepted", 1),
      scored("run-good", "accepted", 2),
    ]);
    await writeJsonl(join(from, "data/scored-runs/2025/03/02/s.jsonl"), [
      scored("run-both", "rejected", 3),
    ]);
    const summary = await runExport({
      exporters: ["sft"],
      from,
      out: join(root, "out"),
      format: "native",
      dryRun: false,
      evalSets: [],
      options: defaultExportOptions,
      toolVersion: "test",
    });
    const counts = summary.exporters[0]?.counts;
    // run-good is the only SFT row; both lines of run-both are refused as rejected.
    expect(counts).toMatchObject({ in: 3, out: 1, written: 1, quarantined: 2 });
    expect(counts?.byReason.unsafe_sft_category).toBe(2);
    const conflicts = summary.warnings.filter((warning) => warning.code === "conflicting_verdicts");
    expect(conflicts).toHaveLength(2);
    expect(conflicts[0]?.message).toContain("run-both is graded rejected and accepted");
    expect(conflicts[0]?.message).toContain("exported as rejected");
  });
});

describe("export health advice", () => {
  it("a self-pairing record whose two records come from different runs is not told to find another run", async () => {
    const messages = [
      { role: "user" as const, content: "Fix the failing test" },
      { role: "assistant" as const, content: "Changed the assertion to expect 3." },
    ];
    const record = (index: number, category: "accepted" | "rejected"): ExportRecord => ({
      recordId: `record_${index}`,
      sourceRunId: `run_${index}`,
      taskId: "task_1",
      category,
      messages,
      content: "Changed the assertion to expect 3.",
      tags: [],
      provenance: { ...sampleProvenance, traceId: `trace_${index}` },
      createdAt: "2026-01-02T03:04:05.000Z",
      origin: { file: "trace.json", line: index },
    });
    const source: ExportSource = {
      name: "memory",
      canRead: async () => true,
      async *read() {
        yield record(1, "accepted");
        yield record(2, "rejected");
      },
    };
    const out = join(root, "out");
    await runExport({
      exporters: ["preference"],
      from: root,
      out,
      format: "native",
      dryRun: false,
      evalSets: [],
      options: defaultExportOptions,
      toolVersion: "test",
      source,
    });
    const health = await exportHealth(out);
    expect(health.byReason.self_pairing).toBe(2);
    for (const entry of health.records) {
      expect(entry.missing.join(" ")).not.toContain("different run");
      expect(entry.missing[0]).toContain("identical conversations");
    }
  });
});
