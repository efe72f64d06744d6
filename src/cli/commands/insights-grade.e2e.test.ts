import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256File } from "../../core/hash.js";
import { captureOutputInEachTest, testProgram } from "../../test-support/capture-output.js";
import { registerExportCommand } from "./export-command.js";
import { registerInsightsCommand } from "./insights-command.js";

/**
 * A conversation followed from its JSONL line to a dataset row, through the CLI as a person runs
 * it: `insights grade` (each line a Trace, graded offline, written with its grade) then `export
 * all` (the firewall): rows name the JSONL file and line, the bad line is reported by number, the
 * planted secrets reach no file, and the categories follow the grades.
 */
const program = () => testProgram(registerInsightsCommand, registerExportCommand);

const email = "ada.lovelace@analytical-example.org";
const apiKey = "sk-proj-Q8xV2mN4pL7rT1wZ9yB3cD5fG6hJ0kLa";

const line = (id: string, messages: [string, string][]) =>
  JSON.stringify({
    conversation_id: id,
    user_id: `user-${id}`,
    timestamp: "2026-05-01T10:00:00Z",
    messages: messages.map(([role, content]) => ({ role, content })),
  });

const input = [
  line("rename-column", [
    ["user", "How do I rename a column in a pandas data frame?"],
    ["assistant", "Use df.rename(columns={'old': 'new'}); it returns a new frame."],
  ]),
  "{this line is not JSON",
  line("key-in-chat", [
    ["user", `My address is ${email} and my key is ${apiKey}; why does the API say 401?`],
    ["assistant", "A 401 means the key is wrong or revoked; create a new key and retry."],
  ]),
  line("never-answered", [["user", "Hello? Is anyone reading this?"]]),
].join("\n");

let dir: string;
const output = captureOutputInEachTest();
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracemill-insights-grade-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function allFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

async function jsonl(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter((row) => row.trim() !== "")
    .map((row) => JSON.parse(row) as Record<string, unknown>);
}

describe("tracemill insights grade → tracemill export", () => {
  it("turns conversation lines into SFT rows naming file and line, behind the firewall", async () => {
    const chats = join(dir, "chats.jsonl");
    await writeFile(chats, input);
    const graded = join(dir, "graded");
    await program().parseAsync(
      [
        "--json",
        "--runs-dir",
        join(dir, "runs"),
        "insights",
        "grade",
        "--input",
        chats,
        "--out",
        graded,
      ],
      {
        from: "user",
      },
    );
    const report = JSON.parse(output.stdout()) as {
      counts: { in: number; written: number; quarantined: number; skipped: number };
      warnings: string[];
      detail: { graded: { folder: string; score: number }[] };
    };
    expect(process.exitCode ?? 0).toBe(0);
    expect(report.counts).toMatchObject({ in: 4, written: 3, quarantined: 0, skipped: 1 });
    expect(report.counts.in).toBe(
      report.counts.written + report.counts.quarantined + report.counts.skipped,
    );
    expect(report.warnings).toEqual([expect.stringMatching(/^chats\.jsonl:2: invalid_json: /)]);
    const scores = Object.fromEntries(
      report.detail.graded.map((item) => [item.folder, item.score]),
    );
    expect(scores).toEqual({ "rename-column": 100, "key-in-chat": 100, "never-answered": 0 });

    output.clear();
    const exports = join(dir, "exports");
    await program().parseAsync(["export", "all", "--from", graded, "--out", exports], {
      from: "user",
    });
    const sft = await jsonl(join(exports, "sft", "sft.jsonl"));
    const digest = await sha256File(chats);
    // Accepted conversations become rows; the unanswered one (score 0) is rejected, not trained on.
    expect(sft.map((row) => (row.provenance as { sourceFile: unknown }).sourceFile)).toEqual([
      { path: "chats.jsonl", sha256: digest.sha256, line: 3 },
      { path: "chats.jsonl", sha256: digest.sha256, line: 1 },
    ]);
    const rename = sft.find((row) => JSON.stringify(row).includes("rename a column"));
    expect(rename?.messages).toEqual([
      { role: "user", content: "How do I rename a column in a pandas data frame?" },
      {
        role: "assistant",
        content: "Use df.rename(columns={'old': 'new'}); it returns a new frame.",
      },
    ]);
    const quarantined = await jsonl(join(exports, "quarantine", "sft.jsonl"));
    expect(quarantined).toEqual([
      expect.objectContaining({
        category: "rejected",
        reasons: ["unsafe_sft_category"],
        provenance: expect.objectContaining({
          sourceFile: { path: "chats.jsonl", sha256: digest.sha256, line: 4 },
        }),
      }),
    ]);
    // The planted secrets were replaced before grading and writing, not dropped with the row.
    expect(JSON.stringify(sft[0]?.messages)).toContain("[REDACTED:email]");

    for (const file of [
      ...(await allFiles(graded)),
      ...(await allFiles(exports)),
      ...(await allFiles(join(dir, "runs"))),
    ]) {
      const text = await readFile(file, "utf8");
      expect(text, file).not.toContain(email);
      expect(text, file).not.toContain(apiKey);
    }
  });

  it("exits 65 when no line is a conversation", async () => {
    const chats = join(dir, "bad.jsonl");
    await writeFile(chats, "{nope\n[1,2]\n");
    await program().parseAsync(
      [
        "--runs-dir",
        join(dir, "runs"),
        "insights",
        "grade",
        "--input",
        chats,
        "--out",
        join(dir, "graded"),
      ],
      { from: "user" },
    );
    expect(process.exitCode).toBe(65);
    expect(output.stdout()).toContain("2 in = 0 written + 0 quarantined + 2 skipped");
    expect(output.stdout()).toContain("bad.jsonl:1: invalid_json");
  });
});
