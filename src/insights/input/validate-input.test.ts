import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TracemillError } from "../../core/errors.js";
import { conversationSchema } from "./conversation.js";
import { readConversations, renderValidationReport, validateInputFile } from "./validate-input.js";

const examples = join(import.meta.dirname, "../../../examples/insights");
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracemill-insights-input-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const conversation = (id: string, extra: Record<string, unknown> = {}) => ({
  conversation_id: id,
  user_id: `user-${id}`,
  timestamp: "2024-05-01T10:00:00Z",
  messages: [
    { role: "user", content: "Hello, how do I bake bread?" },
    { role: "assistant", content: "Mix flour, water, salt and yeast." },
    { role: "user", content: "How long should it rise?" },
  ],
  ...extra,
});

async function fileWith(name: string, lines: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, lines.join("\n"));
  return path;
}

describe("validateInputFile", () => {
  it("reports each error code on crafted lines with its line number", async () => {
    const path = await fileWith("crafted.jsonl", [
      JSON.stringify(conversation("a")),
      "{broken",
      "42",
      JSON.stringify(conversation("b", { extra_field: 1 })),
      "",
      JSON.stringify(conversation("a")),
    ]);
    const report = await validateInputFile(path);
    expect(report.errors.map((error) => [error.line_number, error.code])).toEqual([
      [2, "invalid_json"],
      [3, "non_object_line"],
      [4, "schema_validation_failed"],
      [6, "duplicate_conversation_id"],
    ]);
    expect(report.errors[2]?.message).toContain('unknown key "extra_field"');
    expect(report.errors[2]?.message).toContain("line 4 (conversation_id b)");
    expect(report).toMatchObject({
      total_lines: 6,
      non_empty_lines: 5,
      valid_conversations: 1,
      invalid_lines: 4,
      unique_conversation_ids: 1,
      duplicate_conversation_ids: 1,
      errors_truncated: 0,
      ok: false,
    });
  });

  it("names the failing field path for schema errors", async () => {
    const path = await fileWith("fields.jsonl", [
      JSON.stringify({
        ...conversation("c"),
        messages: [
          { role: "tool", content: "x" },
          { role: "user", content: "y", name: "n" },
        ],
      }),
      JSON.stringify(conversation("d", { timestamp: "yesterday" })),
      JSON.stringify(conversation("e", { schema_version: "2.0.0" })),
      JSON.stringify(conversation("f", { metadata: ["not", "an", "object"] })),
    ]);
    const report = await validateInputFile(path);
    expect(report.valid_conversations).toBe(0);
    const messages = report.errors.map((error) => error.message);
    expect(messages[0]).toContain("messages[0].role");
    expect(messages[0]).toContain('messages[1]: unknown key "name"');
    expect(messages[1]).toContain("timestamp: must be an ISO-8601");
    expect(messages[2]).toContain("schema_version: unsupported major version");
    expect(messages[3]).toContain("metadata");
    // no valid conversation at all: empty_dataset closes the list
    expect(report.errors.at(-1)?.code).toBe("empty_dataset");
  });

  it("reports empty_dataset for a file with only blank lines", async () => {
    const report = await validateInputFile(join(examples, "empty.jsonl"));
    expect(report.errors).toEqual([
      expect.objectContaining({ line_number: 0, code: "empty_dataset" }),
    ]);
    expect(report.non_empty_lines).toBe(0);
    expect(report.ok).toBe(false);
  });

  it("keeps the first maxErrors errors and counts the rest", async () => {
    const path = await fileWith(
      "many.jsonl",
      Array.from({ length: 25 }, (_, index) =>
        index === 0 ? JSON.stringify(conversation("ok")) : "{",
      ),
    );
    const report = await validateInputFile(path, { maxErrors: 10 });
    expect(report.errors).toHaveLength(10);
    expect(report.errors_truncated).toBe(14);
    expect(report.invalid_lines).toBe(24);
    expect(renderValidationReport(report)).toContain("and 14 more not listed");
  });

  it("summarises users, messages and turns (turns = user messages)", async () => {
    const path = await fileWith("summary.jsonl", [
      JSON.stringify(conversation("1")),
      JSON.stringify({
        ...conversation("2"),
        user_id: "user-1",
        messages: [
          { role: "system", content: "s" },
          { role: "user", content: "u" },
        ],
      }),
      JSON.stringify(conversation("3")),
    ]);
    const report = await validateInputFile(path);
    expect(report.ok).toBe(true);
    expect(report.summary).toEqual({
      conversations: 3,
      unique_users: 2,
      messages: 8,
      avg_turns: 1.67,
      min_turns: 1,
      max_turns: 2,
    });
  });

  it("accepts a byte-order mark and CRLF line ends", async () => {
    const path = join(dir, "bom.jsonl");
    await writeFile(
      path,
      `\uFEFF${JSON.stringify(conversation("x"))}\r\n${JSON.stringify(conversation("y"))}\r\n`,
    );
    const report = await validateInputFile(path);
    expect(report.valid_conversations).toBe(2);
    expect(report.ok).toBe(true);
  });

  it("refuses a missing file with not_found", async () => {
    await expect(validateInputFile(join(dir, "nope.jsonl"))).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(validateInputFile(join(dir, "nope.jsonl"))).rejects.toBeInstanceOf(TracemillError);
  });

  it("finds every validation code in examples/insights/bad.jsonl", async () => {
    const report = await validateInputFile(join(examples, "bad.jsonl"));
    const codes = new Set(report.errors.map((error) => error.code));
    expect([...codes].sort()).toEqual([
      "duplicate_conversation_id",
      "invalid_json",
      "non_object_line",
      "schema_validation_failed",
    ]);
    expect(report.valid_conversations).toBe(1);
    expect(report.invalid_lines).toBe(11);
  });

  it("validates the committed example corpus", async () => {
    const report = await validateInputFile(join(examples, "conversations.jsonl"));
    expect(report.ok).toBe(true);
    expect(report.valid_conversations).toBe(60);
    expect(report.summary.unique_users).toBeGreaterThanOrEqual(10);
  });
});

describe("readConversations", () => {
  it("yields valid conversations in order, skipping bad lines and repeated ids", async () => {
    const skipped: string[] = [];
    const seen: string[] = [];
    for await (const item of readConversations(join(examples, "bad.jsonl"), {
      onSkip: (error) => skipped.push(error.code),
    })) {
      seen.push(`${item.line}:${item.conversation.conversation_id}`);
      expect(item.conversation.schema_version).toBe("1.0.0");
    }
    expect(seen).toEqual(["1:bad-001"]);
    expect(skipped).toHaveLength(11);
  });
});

describe("conversationSchema", () => {
  it("defaults schema_version and keeps metadata", () => {
    const parsed = conversationSchema.parse(conversation("m", { metadata: { app: "web" } }));
    expect(parsed.schema_version).toBe("1.0.0");
    expect(parsed.metadata).toEqual({ app: "web" });
  });
  it("rejects a blank conversation_id and an empty message list", () => {
    expect(conversationSchema.safeParse(conversation("  ")).success).toBe(false);
    expect(conversationSchema.safeParse({ ...conversation("e"), messages: [] }).success).toBe(
      false,
    );
  });
});
