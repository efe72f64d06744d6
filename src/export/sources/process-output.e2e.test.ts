import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/config.js";
import { chatMessageSchema, provenanceSchema } from "../../core/dataset-row.js";
import { runScreenDemo, type ScreenDemoResult } from "../../pipelines/screen/index.js";
import type { ExportRecord, ExportSourceWarning } from "../types.js";
import { detectExportSource } from "./index.js";
import { tracemillTreeSource } from "./tracemill-tree.js";

/** The tracemill tree source over real `tracemill process --grade` output of the example sessions. */
let demo: ScreenDemoResult;

beforeAll(async () => {
  const out = await mkdtemp(join(tmpdir(), "tracemill-export-source-"));
  demo = await runScreenDemo(out, defaultConfig(), () => {});
  expect(demo.failures).toEqual([]);
}, 180_000);

async function readAll(folder: string) {
  const records: ExportRecord[] = [];
  const warnings: ExportSourceWarning[] = [];
  for await (const record of tracemillTreeSource.read(folder, (warning) =>
    warnings.push(warning),
  )) {
    records.push(record);
  }
  return { records, warnings };
}

describe("tracemillTreeSource over tracemill process output", () => {
  it("yields one valid record per graded session", async () => {
    expect((await detectExportSource(demo.outDir)).name).toBe(tracemillTreeSource.name);
    const { records, warnings } = await readAll(demo.outDir);
    expect(warnings).toEqual([]);
    expect(demo.sessions.length).toBeGreaterThan(1);
    expect(records.map((record) => record.sourceRunId).sort()).toEqual(
      demo.sessions.map((session) => session.sessionId).sort(),
    );
    for (const record of records) {
      const session = demo.sessions.find((candidate) => candidate.sessionId === record.sourceRunId);
      expect(record.grade?.score).toBe(session?.score);
      expect(record.grade?.judge).toMatch(/^offline:/);
      expect(record.category).toBeDefined();
      expect(provenanceSchema.parse(record.provenance).gradeId).toBe(record.grade?.id);
      expect(record.messages?.length).toBeGreaterThan(1);
      for (const message of record.messages ?? []) chatMessageSchema.parse(message);
      const images = (record.messages ?? []).flatMap((message) =>
        typeof message.content === "string"
          ? []
          : message.content.filter((part) => part.type === "image"),
      );
      expect(images.length).toBeGreaterThan(0);
      expect(record.content).toMatch(/\w+\(/);
      expect(record.content).not.toContain("```");
      expect(record.origin.file).toBe(`${record.sourceRunId}/trace.json`);
      expect(Number.isNaN(Date.parse(record.createdAt))).toBe(false);
    }
  });

  it("reads the same records twice, byte for byte", async () => {
    const first = await readAll(demo.outDir);
    const second = await readAll(demo.outDir);
    expect(JSON.stringify(second.records)).toBe(JSON.stringify(first.records));
  });
});
