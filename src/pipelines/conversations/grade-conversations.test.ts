import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/config.js";
import { TracemillError } from "../../core/errors.js";
import { gradeSchema } from "../../core/grade.js";
import { traceSchema } from "../../core/trace.js";
import type { ModelClient } from "../../model/model-client.js";
import { createRedactor } from "../../model/redact.js";
import { countsProblem } from "../types.js";
import { gradeConversations, renderConversationGradeReport } from "./index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracemill-grade-conversations-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const email = "grace.hopper@navy-example.org";
const key = "sk-proj-Q8xV2mN4pL7rT1wZ9yB3cD5fG6hJ0kLa";

const conversation = (id: string, messages: { role: string; content: string }[]) =>
  JSON.stringify({
    conversation_id: id,
    user_id: `user-${id}`,
    timestamp: "2026-05-01T10:00:00Z",
    messages,
  });

const lines = [
  conversation("good", [
    { role: "user", content: "How do I list hidden files in a folder?" },
    {
      role: "assistant",
      content: "Run ls -a; the entries starting with a dot are the hidden ones.",
    },
  ]),
  `{"conversation_id": "broken", "note": "${key}"`,
  "",
  conversation("secret", [
    { role: "user", content: `Email ${email} my key ${key} please` },
    { role: "assistant", content: "I will not send keys by email; rotate that key now." },
  ]),
  conversation("good", [{ role: "user", content: "a repeated id" }]),
  conversation("silent", [{ role: "user", content: "Is anyone there?" }]),
];

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function deps() {
  const config = { ...defaultConfig(), runsDir: join(dir, "runs") };
  return { config, redactor: createRedactor(config.redaction) };
}

describe("gradeConversations (conversations JSONL → graded Traces on disk)", () => {
  it("grades each conversation offline, skips bad lines by file:line, and redacts before writing", async () => {
    const input = join(dir, "chats.jsonl");
    await writeFile(input, lines.join("\n"));
    const out = join(dir, "graded");
    const ticks: string[] = [];
    const report = await gradeConversations(
      // One at a time: progress ticks in line order (more at once may end out of order).
      { input, out, now: () => new Date("2026-06-01T00:00:00Z"), concurrency: 1 },
      { ...deps(), onProgress: (_phase, _done, _total, detail) => ticks.push(detail ?? "") },
    );
    expect(report.detail.failed).toEqual([]);
    // The run folder: one item per graded conversation, one warning per skipped line, counts.
    expect(report.runId).toBeDefined();
    const runDir = join(dir, "runs", report.runId as string);
    const manifest = JSON.parse(await readFile(join(runDir, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ command: "insights-grade", status: "completed" });
    const items = (await readFile(join(runDir, "grade", "items.jsonl"), "utf8")).trim().split("\n");
    expect(items).toHaveLength(3);
    const runWarnings = (await readFile(join(runDir, "warnings.jsonl"), "utf8")).trim().split("\n");
    expect(runWarnings.map((line) => JSON.parse(line).line)).toEqual([2, 5]);
    const metrics = JSON.parse(await readFile(join(runDir, "metrics.json"), "utf8"));
    expect(metrics.counts).toMatchObject({ in: 5, written: 3, quarantined: 0, skipped: 2 });
    expect(await readFile(join(runDir, "events.jsonl"), "utf8")).not.toContain(key);
    expect(report.counts).toEqual({
      in: 5,
      written: 3,
      quarantined: 0,
      skipped: 2,
      quarantinedByReason: {},
      skippedByReason: { invalid_json: 1, duplicate_conversation_id: 1 },
    });
    expect(countsProblem(report.counts)).toBeUndefined();
    expect(report.status).toBe("completed");
    expect(ticks).toEqual(["good", "secret", "silent"]);
    expect(report.detail.graded.map((item) => [item.line, item.folder, item.score])).toEqual([
      [1, "good", 100],
      [4, "secret", 100],
      [6, "silent", 0],
    ]);
    expect(report.detail.badLines.map((bad) => [bad.line, bad.code])).toEqual([
      [2, "invalid_json"],
      [5, "duplicate_conversation_id"],
    ]);
    expect(report.warnings[0]).toMatch(/^chats\.jsonl:2: invalid_json: line 2: not valid JSON/);
    expect(report.detail.redactions).toBeGreaterThanOrEqual(2);

    const files = await filesUnder(out);
    expect(files.map((file) => file.slice(out.length + 1))).toEqual([
      "good/grade.json",
      "good/trace.json",
      "secret/grade.json",
      "secret/trace.json",
      "silent/grade.json",
      "silent/trace.json",
    ]);
    for (const file of files) {
      const text = await readFile(file, "utf8");
      expect(text).not.toContain(email);
      expect(text).not.toContain(key);
      // No user id either: grading and export need none (insights keys users by a salted hash).
      expect(text).not.toContain("user-");
    }
    const trace = traceSchema.parse(
      JSON.parse(await readFile(join(out, "secret", "trace.json"), "utf8")),
    );
    expect(trace.kind).toBe("conversation");
    expect(trace.steps[0]?.origin).toEqual({ file: "chats.jsonl", line: 4 });
    expect(trace.steps[0]?.text).toContain("[REDACTED:");
    const grade = gradeSchema.parse(
      JSON.parse(await readFile(join(out, "silent", "grade.json"), "utf8")),
    );
    expect(grade).toMatchObject({
      traceId: expect.any(String),
      score: 0,
      judge: { provider: "offline" },
    });
    // No secret in what the terminal shows either (the bad line's JSON error quotes the line).
    const rendered = renderConversationGradeReport(report);
    expect(rendered).toContain("5 in = 3 written + 0 quarantined + 2 skipped");
    expect(rendered).not.toContain(key);
  });

  it("quarantines a conversation the judge fails on and stops at --limit", async () => {
    const input = join(dir, "chats.jsonl");
    await writeFile(input, lines.join("\n"));
    const failing: ModelClient = {
      provider: "test",
      model: "failing",
      offline: false,
      generateObject: () => Promise.reject(new TracemillError("timeout", "the judge timed out")),
      estimate: () => ({ inputTokens: 0, outputTokens: 0, costUsd: 0 }),
      usage: () => ({ inputTokens: 0, outputTokens: 0, costUsd: 0, requests: 0 }) as never,
      rateLimiterStats: () => ({}) as never,
    };
    const report = await gradeConversations(
      { input, out: join(dir, "graded"), limit: 2 },
      { ...deps(), client: failing },
    );
    // Lines 1–4 read (two conversations, one bad line); the limit stops before line 5.
    expect(report.counts).toMatchObject({ in: 3, written: 0, quarantined: 2, skipped: 1 });
    expect(report.counts.quarantinedByReason).toEqual({ grade_failed: 2 });
    expect(report.status).toBe("failed");
    expect(report.detail.failed[0]).toMatchObject({
      line: 1,
      code: "grade_failed",
      message: "timeout: the judge timed out",
    });
    expect(report.detail.judge).toBe("test:failing");
  });

  it("names a missing input file", async () => {
    await expect(
      gradeConversations({ input: join(dir, "none.jsonl"), out: join(dir, "o") }, deps()),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
