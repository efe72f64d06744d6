import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { provenanceSchema } from "../../core/dataset-row.js";
import type { ExportRecord, ExportSource, ExportSourceWarning } from "../types.js";
import { detectExportSource } from "./index.js";
import { seedLayoutSource } from "./seed-layout.js";

const hash = (character: string) => character.repeat(64);

async function writeJsonl(path: string, lines: (object | string)[]): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  const text = lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line)));
  await writeFile(path, `${text.join("\n")}\n`);
}

/** A seed repository: two days of evidence and scored runs, with the seed's usual defects. */
async function writeSeedRepository(root: string): Promise<void> {
  const evidence = (runId: string, extra: object = {}) => ({
    run_id: runId,
    task_id: "task-7",
    text: `def answer_${runId}(): return 42  # see src/app.py`,
    model_role: "solver",
    model_name: "gpt-x",
    source_files: ["src/app.py"],
    ...extra,
  });
  await writeJsonl(join(root, "data/evidence/2025/03/02/b.jsonl"), [
    evidence("run-a", { text: "déjà vu — multi-byte text before the next line 🙂" }),
    "{broken",
    evidence("run-c", { prompt: "Write the answer function.", timestamp: "2025-03-02T10:00:00Z" }),
  ]);
  await writeJsonl(join(root, "data/evidence/2025/03/01/a.jsonl"), [
    evidence("run-b"),
    { task_id: "no-run-id" },
    evidence("run-a", { text: "the first run-a wins" }),
  ]);
  const scored = (
    runId: string,
    category: string,
    sigHash = hash("a"),
    sourceFile = "src/app.py",
  ) => ({
    evidence_run_id: runId,
    category,
    provenance: { source_file: sourceFile, line_offset: 12, sig_hash: sigHash },
  });
  await writeJsonl(join(root, "data/scored-runs/2025/03/02/s.jsonl"), [
    scored("run-c", "rejected"),
    scored("run-missing", "accepted"),
  ]);
  await writeJsonl(join(root, "data/scored-runs/2025/03/01/s.jsonl"), [
    scored("run-a", "accepted"),
    "not json",
    scored("run-b", "partially_accepted", "ABC"),
    scored("run-b", "great", hash("b"), ""),
  ]);
}

async function readAll(source: ExportSource, folder: string) {
  const records: ExportRecord[] = [];
  const warnings: ExportSourceWarning[] = [];
  for await (const record of source.read(folder, (warning) => warnings.push(warning)))
    records.push(record);
  return { records, warnings };
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "tracemill-seed-"));
  await writeSeedRepository(root);
});

describe("seedLayoutSource", () => {
  it("joins scored runs with their evidence in sorted file order", async () => {
    const { records } = await readAll(seedLayoutSource, root);
    expect(records.map((record) => [record.origin.file, record.origin.line])).toEqual([
      ["data/scored-runs/2025/03/01/s.jsonl", 1],
      ["data/scored-runs/2025/03/01/s.jsonl", 3],
      ["data/scored-runs/2025/03/01/s.jsonl", 4],
      ["data/scored-runs/2025/03/02/s.jsonl", 1],
      ["data/scored-runs/2025/03/02/s.jsonl", 2],
    ]);
    const [first] = records;
    expect(first).toMatchObject({
      sourceRunId: "run-a",
      taskId: "task-7",
      category: "accepted",
      content: "the first run-a wins",
      messages: [
        { role: "user", content: "Complete task task-7." },
        { role: "assistant", content: "the first run-a wins" },
      ],
      tags: ["solver", "gpt-x"],
      knownFiles: ["src/app.py"],
      provenance: {
        traceId: "run-a",
        stepRange: [12, 12],
        sourceFile: { path: "src/app.py", sha256: hash("a") },
      },
      createdAt: "2025-03-01",
    });
    expect(provenanceSchema.parse(first?.provenance)).toBeDefined();
  });

  it("uses the evidence's own prompt and timestamp, reading multi-byte lines back exactly", async () => {
    const { records } = await readAll(seedLayoutSource, root);
    const runC = records.find((record) => record.sourceRunId === "run-c");
    expect(runC).toMatchObject({
      category: "rejected",
      createdAt: "2025-03-02T10:00:00Z",
      content: "def answer_run-c(): return 42  # see src/app.py",
      messages: [{ role: "user", content: "Write the answer function." }, { role: "assistant" }],
    });
  });

  it("leaves provenance out when sig_hash is not a sha256 or the source file is empty", async () => {
    const { records, warnings } = await readAll(seedLayoutSource, root);
    const runB = records.filter((record) => record.sourceRunId === "run-b");
    expect(runB).toHaveLength(2);
    expect(runB.map((record) => record.provenance)).toEqual([undefined, undefined]);
    expect(runB.map((record) => record.category)).toEqual(["partially_accepted", undefined]);
    expect(warnings).toContainEqual(
      expect.objectContaining({
        code: "invalid_category",
        file: "data/scored-runs/2025/03/01/s.jsonl",
        line: 4,
      }),
    );
  });

  it("yields a scored run without evidence as an empty record and warns", async () => {
    const { records, warnings } = await readAll(seedLayoutSource, root);
    const missing = records.at(-1);
    expect(missing).toMatchObject({ content: "", sourceRunId: undefined, category: "accepted" });
    expect(missing?.messages).toBeUndefined();
    expect(warnings.map((warning) => [warning.code, warning.file, warning.line])).toEqual([
      ["missing_run_id", "data/evidence/2025/03/01/a.jsonl", 2],
      ["duplicate_evidence", "data/evidence/2025/03/02/b.jsonl", 1],
      ["unreadable_json", "data/evidence/2025/03/02/b.jsonl", 2],
      ["unreadable_json", "data/scored-runs/2025/03/01/s.jsonl", 2],
      ["invalid_category", "data/scored-runs/2025/03/01/s.jsonl", 4],
      ["missing_evidence", "data/scored-runs/2025/03/02/s.jsonl", 2],
    ]);
  });

  it("reads the data folder itself and gives the same records whatever the entry point", async () => {
    const fromRoot = await readAll(seedLayoutSource, root);
    const fromData = await readAll(seedLayoutSource, join(root, "data"));
    expect(fromData.records.map((record) => record.recordId)).toEqual(
      fromRoot.records.map((record) => record.recordId),
    );
    expect(fromData.records[0]?.origin.file).toBe("scored-runs/2025/03/01/s.jsonl");
  });

  it("is deterministic across reads and gives distinct ids to distinct scored runs", async () => {
    const first = await readAll(seedLayoutSource, root);
    const second = await readAll(seedLayoutSource, root);
    expect(JSON.stringify(second.records)).toBe(JSON.stringify(first.records));
    expect(new Set(first.records.map((record) => record.recordId)).size).toBe(first.records.length);
  });

  it("is detected from the repository root and from data/", async () => {
    expect(await detectExportSource(root)).toBe(seedLayoutSource);
    expect(await detectExportSource(join(root, "data"))).toBe(seedLayoutSource);
    expect(await seedLayoutSource.canRead(join(root, "data", "scored-runs"))).toBe(false);
  });
});
