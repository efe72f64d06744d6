import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runExport } from "./run-export.js";
import { defaultExportOptions } from "./types.js";

/** examples/export: the seed layout with several graded attempts per task (built by its build.mjs). */
const example = resolve(import.meta.dirname, "../../examples/export");

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), "tracemill-export-example-"));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

describe("examples/export", () => {
  it("gives SFT rows, RAG rows and one preference pair per task, and holds back what it cannot prove", async () => {
    const summary = await runExport({
      exporters: ["sft", "rag", "preference"],
      from: example,
      out,
      format: "native",
      dryRun: false,
      evalSets: [],
      options: { ...defaultExportOptions, includePartial: true },
      toolVersion: "test",
    });
    const counts = Object.fromEntries(
      summary.exporters.map((entry) => [entry.exporter, entry.counts]),
    );
    expect(counts.sft).toMatchObject({ in: 10, out: 5 });
    expect(counts.rag).toMatchObject({ in: 10, out: 5 });
    expect(counts.preference?.out).toBe(3);
    const pairs = (await readFile(join(out, "preference", "preference.jsonl"), "utf8"))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { taskId: string; chosen: unknown; rejected: unknown });
    expect(pairs.map((pair) => pair.taskId)).toEqual([
      "fix-multiply",
      "flaky-upload",
      "slow-report",
    ]);
    const quarantined = await readFile(join(out, "quarantine", "sft.jsonl"), "utf8");
    for (const reason of [
      "unsafe_sft_category",
      "hallucinated_file_path",
      "empty_content",
      "category_disallowed",
    ]) {
      expect(quarantined).toContain(`"${reason}"`);
    }
  });
});
