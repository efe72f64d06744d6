import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonicalJson } from "../core/canonical-json.js";
import { gradeSchemaId } from "../core/grade.js";
import { sha256File, sha256Hex } from "../core/hash.js";
import { traceSchemaId } from "../core/trace.js";
import { scoresFileSchema, toGrade } from "../grade/scores-file.js";
import { runExport } from "./run-export.js";
import { defaultExportOptions } from "./types.js";

/**
 * A developer trace exported in chunks (the layout export-devtraces writes: trace.json, grade.json,
 * verification.json, sft.json and chunks/<id>.json): its SFT row names every chunk file, each by
 * the sha256 of its bytes, not only the first.
 */
let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "tracemill-devtrace-chunks-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, JSON.stringify(value));
}

async function writeDevtrace(id: string, chunkIds: string[]): Promise<void> {
  const dir = join(root, "devtraces", id);
  const files: { path: string; sha256: string; bytes: number }[] = [];
  for (const [index, chunkId] of chunkIds.entries()) {
    const text = canonicalJson([{ type: "cmd_run", cmd: `make step-${index}`, exit_code: 0 }]);
    await mkdir(join(dir, "chunks"), { recursive: true });
    await writeFile(join(dir, "chunks", `${chunkId}.json`), text);
    files.push({ path: `chunks/${chunkId}.json`, sha256: sha256Hex(text), bytes: text.length });
  }
  await writeJson(join(dir, "trace.json"), {
    schema: traceSchemaId,
    id,
    kind: "devtrace",
    source: { format: "devtrace", files },
    task: { id: `task-${id}`, title: `Fix the build of ${id}` },
    steps: chunkIds.map((_, index) => ({
      index,
      t: index,
      actor: "human",
      kind: "action",
      action: { type: "command", command: `make step-${index}`, exitCode: 0 },
      origin: { file: files[index]?.path ?? "" },
    })),
    media: [],
    meta: {},
  });
  const scores = scoresFileSchema.parse({
    sessionId: id,
    traceId: id,
    score: 90,
    components: { outcomeAchievement: 90, processQuality: 90, efficiency: 90 },
    weights: { outcomeAchievement: 0.5, processQuality: 0.3, efficiency: 0.2 },
    outcomeAchievement: 90,
    processQuality: 90,
    efficiency: 90,
    summary: "fixed",
    observations: ["ran make", "build passed"],
    reasoning: "",
    confidence: 0.9,
    judge: { provider: "offline", model: "devtrace-signals/v1" },
    rubric: { id: "devtrace-process", version: "1" },
    offline: true,
    chunkSummaries: [],
    usage: { inputTokens: 0, outputTokens: 0, requests: 0, cachedRequests: 0, costUsd: 0 },
    createdAt: "2026-01-01T12:00:00.000Z",
  });
  await writeJson(join(dir, "grade.json"), { ...toGrade(scores), schema: gradeSchemaId });
  await writeJson(join(dir, "verification.json"), { required: true, passed: true });
  await writeJson(join(dir, "sft.json"), [
    { role: "user", content: `Fix the build of ${id}`, timestamp: 0 },
    { role: "assistant", content: `\`\`\`bash\nmake step-0\n\`\`\``, timestamp: 1 },
  ]);
}

describe("devtrace rows name every chunk", () => {
  it("lists each chunk file of a multi-chunk trace in provenance, by the hash of its bytes", async () => {
    await writeDevtrace("trace_many", ["c-1", "c-2", "c-3"]);
    await writeDevtrace("trace_one", ["c-only"]);
    const summary = await runExport({
      exporters: ["sft"],
      from: join(root, "devtraces"),
      out: join(root, "exports"),
      format: "native",
      dryRun: false,
      evalSets: [],
      options: defaultExportOptions,
      toolVersion: "test",
    });
    expect(summary.exporters[0]?.counts).toMatchObject({ in: 2, out: 2, quarantined: 0 });
    const rows = (await readFile(join(root, "exports", "sft", "sft.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const many = rows.find((row) => row.provenance.traceId === "trace_many");
    const named = many.provenance.sourceFiles as { path: string; sha256: string }[];
    expect(named.map((file) => file.path)).toEqual([
      "chunks/c-1.json",
      "chunks/c-2.json",
      "chunks/c-3.json",
    ]);
    for (const file of named) {
      const onDisk = await sha256File(join(root, "devtraces", "trace_many", file.path));
      expect(onDisk.sha256).toBe(file.sha256);
    }
    expect(many.provenance.sourceFile).toEqual(named[0]);
    // One chunk: `sourceFile` says it all, and the row keeps its shape.
    const one = rows.find((row) => row.provenance.traceId === "trace_one");
    expect(one.provenance.sourceFiles).toBeUndefined();
    expect(one.provenance.sourceFile.path).toBe("chunks/c-only.json");
  });
});
