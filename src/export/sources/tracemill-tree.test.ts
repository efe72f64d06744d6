import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { provenanceSchema } from "../../core/dataset-row.js";
import { gradeSchemaId } from "../../core/grade.js";
import { deterministicId } from "../../core/hash.js";
import { traceSchemaId } from "../../core/trace.js";
import { scoresFileSchema, toGrade } from "../../grade/scores-file.js";
import type { ExportRecord, ExportSource, ExportSourceWarning } from "../types.js";
import { detectExportSource } from "./index.js";
import { createTracemillTreeSource, slug, tracemillTreeSource } from "./tracemill-tree.js";

const sha = "c".repeat(64);
const trace = (id: string, extra: object = {}) => ({
  schema: traceSchemaId,
  id,
  kind: "screen",
  source: { format: "desktop", files: [{ path: "input_log.jsonl", sha256: sha, bytes: 10 }] },
  task: { title: "Rename the Report!", objectives: ["open it"] },
  environment: { app: "Finder" },
  steps: [
    {
      index: 2,
      t: 0,
      actor: "human",
      kind: "action",
      action: { type: "click", x: 1, y: 2, button: "left" },
      origin: { file: "input_log.jsonl" },
    },
    {
      index: 5,
      t: 1,
      actor: "human",
      kind: "action",
      action: { type: "type", text: "hi" },
      origin: { file: "input_log.jsonl" },
    },
  ],
  media: [{ kind: "image", path: "frames/0001.jpg" }],
  meta: { sessionId: `session-${id}` },
  ...extra,
});
const scores = (sessionId: string, score: number, confidence = 0.9) => ({
  sessionId,
  traceId: `trace_${sessionId}`,
  score,
  components: { outcomeAchievement: score, processQuality: score, efficiency: score },
  weights: { outcomeAchievement: 0.5, processQuality: 0.3, efficiency: 0.2 },
  outcomeAchievement: score,
  processQuality: score,
  efficiency: score,
  summary: "done",
  observations: ["one", "two"],
  reasoning: "because",
  confidence,
  judge: { provider: "offline", model: "screen-heuristics-v1" },
  rubric: { id: "screen-session", version: "1" },
  offline: true,
  chunkSummaries: [],
  usage: { inputTokens: 0, outputTokens: 0, requests: 0, cachedRequests: 0, costUsd: 0 },
  createdAt: "2026-01-01T12:00:00.000Z",
});
const sft = [
  { role: "user", content: "Task: Rename the Report!\n\nObjectives:\n- open it", timestamp: 1 },
  { role: "user", content: { type: "image", data: "AAAA" }, timestamp: 2 },
  { role: "assistant", content: "```python\nclick(1, 2)\n```", timestamp: 3 },
  { role: "assistant", content: '```python\ntype("hi")\n```', timestamp: 4 },
];

async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, typeof value === "string" ? value : JSON.stringify(value));
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
  root = await mkdtemp(join(tmpdir(), "tracemill-tree-"));
  await writeJson(join(root, "b/one/trace.json"), trace("trace_one"));
  await writeJson(join(root, "b/one/scores.json"), scores("one", 85));
  await writeJson(join(root, "b/one/sft.json"), sft);
  const grade = { ...toGrade(scoresFileSchema.parse(scores("two", 30))), schema: gradeSchemaId };
  await writeJson(
    join(root, "a/two/trace.json"),
    trace("trace_two", { task: { id: "T-2" }, meta: {} }),
  );
  await writeJson(join(root, "a/two/grade.json"), grade);
  await writeJson(join(root, "a/two/nested/trace.json"), "{ never read");
  await writeJson(join(root, "c/ungraded/trace.json"), trace("trace_three"));
  await writeJson(join(root, "c/broken/trace.json"), "{not json");
  await writeJson(
    join(root, "d/low/trace.json"),
    trace("trace_four", { source: { format: "web", files: [] } }),
  );
  await writeJson(join(root, "d/low/scores.json"), scores("low", 95, 0.05));
  await writeJson(join(root, "d/badscores/trace.json"), trace("trace_five"));
  await writeJson(join(root, "d/badscores/scores.json"), { score: 50 });
});

describe("tracemillTreeSource", () => {
  it("reads graded session folders in sorted order and warns about the rest", async () => {
    const { records, warnings } = await readAll(tracemillTreeSource, root);
    expect(records.map((record) => record.origin.file)).toEqual([
      "a/two/trace.json",
      "b/one/trace.json",
      "d/low/trace.json",
    ]);
    expect(warnings.map((warning) => [warning.code, warning.file])).toEqual([
      ["unreadable_json", "c/broken/trace.json"],
      ["ungraded", "c/ungraded/trace.json"],
      ["invalid_file", "d/badscores/scores.json"],
    ]);
  });

  it("builds the record from trace, scores and sft.json", async () => {
    const { records } = await readAll(tracemillTreeSource, root);
    const one = records.find((record) => record.origin.file === "b/one/trace.json");
    const gradeId = toGrade(scoresFileSchema.parse(scores("one", 85))).id;
    expect(one).toMatchObject({
      recordId: deterministicId("record", { traceId: "trace_one", gradeId }),
      sourceRunId: "session-trace_one",
      taskId: "rename-the-report",
      title: "Rename the Report!",
      category: "accepted",
      grade: { id: gradeId, score: 85, confidence: 0.9, judge: "offline:screen-heuristics-v1" },
      tags: ["screen", "desktop", "Finder"],
      knownFiles: ["input_log.jsonl", "frames/0001.jpg"],
      provenance: {
        traceId: "trace_one",
        stepRange: [2, 5],
        sourceFile: { path: "input_log.jsonl", sha256: sha },
        gradeId,
      },
      createdAt: "2026-01-01T12:00:00.000Z",
    });
    expect(one?.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Task: Rename the Report!\n\nObjectives:\n- open it" },
          { type: "image", data: "AAAA" },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "text", text: "```python\nclick(1, 2)\n```" },
          { type: "text", text: '```python\ntype("hi")\n```' },
        ],
      },
    ]);
    expect(one?.content).toBe(
      'Task: Rename the Report!\nObjectives:\n- open it\nclick(1, 2)\ntype("hi")',
    );
    expect(provenanceSchema.parse(one?.provenance)).toBeDefined();
  });

  it("takes a grade.json, the task id and the trace id when there is no session id or sft.json", async () => {
    const { records } = await readAll(tracemillTreeSource, root);
    const two = records.find((record) => record.origin.file === "a/two/trace.json");
    expect(two).toMatchObject({ sourceRunId: "trace_two", taskId: "T-2", category: "rejected" });
    expect(two?.messages).toBeUndefined();
    expect(two?.content).toBe("");
  });

  it("sends a low-confidence grade to review and leaves provenance out without source files", async () => {
    const { records } = await readAll(tracemillTreeSource, root);
    const low = records.find((record) => record.origin.file === "d/low/trace.json");
    expect(low).toMatchObject({
      category: "needs_human_review",
      tags: ["screen", "web", "Finder"],
    });
    expect(low?.provenance).toBeUndefined();
  });

  it("applies the thresholds it is created with", async () => {
    const strict = createTracemillTreeSource({
      acceptScore: 90,
      partialScore: 80,
      minConfidence: 0,
      maxJudgeSpread: 0,
    });
    const { records } = await readAll(strict, root);
    expect(records.map((record) => record.category)).toEqual([
      "rejected",
      "partially_accepted",
      "accepted",
    ]);
  });

  it("is detected as the default source and can tell an empty folder", async () => {
    expect((await detectExportSource(root)).name).toBe(tracemillTreeSource.name);
    expect(await tracemillTreeSource.canRead(root)).toBe(true);
    expect(
      await tracemillTreeSource.canRead(await mkdtemp(join(tmpdir(), "tracemill-empty-"))),
    ).toBe(false);
  });

  it("slugs titles", () => {
    expect(slug("  Écrire un Rapport — v2! ")).toBe("ecrire-un-rapport-v2");
    expect(slug("!!!")).toBeUndefined();
  });
});

describe("tracemill tree input files", () => {
  it("names every file a session is read from, graded or not", async () => {
    const folder = await mkdtemp(join(tmpdir(), "tracemill-tree-inputs-"));
    try {
      await mkdir(join(folder, "a", "frames"), { recursive: true });
      await mkdir(join(folder, "b"), { recursive: true });
      for (const name of ["trace.json", "scores.json", "sft.json", "results.html"]) {
        await writeFile(join(folder, "a", name), "{}");
      }
      await writeFile(join(folder, "b", "trace.json"), "{}");
      const files: string[] = [];
      for await (const file of tracemillTreeSource.inputFiles?.(folder) ?? []) files.push(file);
      expect(files.map((file) => relative(folder, file).split(sep).join("/"))).toEqual([
        "a/trace.json",
        "a/scores.json",
        "a/sft.json",
        "b/trace.json",
      ]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
