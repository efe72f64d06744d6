import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gradeSchemaId } from "../core/grade.js";
import { sha256File } from "../core/hash.js";
import { traceSchema } from "../core/trace.js";
import { scoresFileSchema, toGrade } from "../grade/scores-file.js";
import { conversationSchema } from "../insights/input/conversation.js";
import { conversationReader, conversationToTrace } from "../sources/conversations/index.js";
import { runExport } from "./run-export.js";
import { defaultExportOptions } from "./types.js";

/**
 * A conversation followed from its file to a dataset row: one line of the insights input JSONL
 * becomes a Trace of kind `conversation` (src/sources/conversations, as its reader makes it), graded, and the export's SFT row carries its messages
 * with provenance naming the file (by hash) and the line.
 */
let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "tracemill-conversation-row-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const lines = [
  {
    conversation_id: "c-1",
    user_id: "u-1",
    timestamp: "2026-05-01T10:00:00Z",
    messages: [{ role: "user", content: "hello" }],
  },
  {
    conversation_id: "c-2",
    user_id: "u-2",
    timestamp: "2026-05-01T11:00:00Z",
    messages: [
      { role: "user", content: "How do I rename a column in a pandas data frame?" },
      { role: "assistant", content: "Use df.rename(columns={'old': 'new'}); it returns a copy." },
    ],
  },
];

describe("a conversation to an SFT row", () => {
  it("keeps the messages and names the input file and line in provenance", async () => {
    const input = join(root, "conversations.jsonl");
    await writeFile(input, lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
    const digest = await sha256File(input);
    const conversation = conversationSchema.parse(lines[1]);
    const trace = traceSchema.parse(
      conversationToTrace(conversation, {
        file: "conversations.jsonl",
        line: 2,
        sourceFile: { path: "conversations.jsonl", ...digest },
      }),
    );
    expect(trace.kind).toBe("conversation");
    // The same Trace the conversations reader gives for that line: one mapping, file to row.
    expect((await conversationReader.read(input)).traces[1]).toEqual(trace);

    const folder = join(root, "traces", "c-2");
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, "trace.json"), JSON.stringify(trace));
    const grade = toGrade(
      scoresFileSchema.parse({
        sessionId: "c-2",
        traceId: trace.id,
        score: 88,
        components: { outcomeAchievement: 88, processQuality: 88, efficiency: 88 },
        weights: { outcomeAchievement: 0.5, processQuality: 0.3, efficiency: 0.2 },
        outcomeAchievement: 88,
        processQuality: 88,
        efficiency: 88,
        summary: "answered",
        observations: ["names the method", "warns about the copy"],
        reasoning: "",
        confidence: 0.9,
        judge: { provider: "offline", model: "reviewer" },
        rubric: { id: "conversation", version: "1" },
        offline: true,
        chunkSummaries: [],
        usage: { inputTokens: 0, outputTokens: 0, requests: 0, cachedRequests: 0, costUsd: 0 },
        createdAt: "2026-05-02T00:00:00.000Z",
      }),
    );
    await writeFile(
      join(folder, "grade.json"),
      JSON.stringify({ ...grade, schema: gradeSchemaId }),
    );

    const summary = await runExport({
      exporters: ["sft"],
      from: join(root, "traces"),
      out: join(root, "exports"),
      format: "native",
      dryRun: false,
      evalSets: [],
      options: defaultExportOptions,
      toolVersion: "test",
    });
    expect(summary.exporters[0]?.counts).toMatchObject({ in: 1, out: 1, quarantined: 0 });
    const [row] = (await readFile(join(root, "exports", "sft", "sft.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((text) => JSON.parse(text));
    expect(row.messages).toEqual(lines[1]?.messages);
    expect(row.provenance).toEqual({
      traceId: trace.id,
      stepRange: [0, 1],
      sourceFile: { path: "conversations.jsonl", sha256: digest.sha256, line: 2 },
      gradeId: grade.id,
    });
  });
});
