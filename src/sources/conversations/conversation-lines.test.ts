import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type ConversationLine, readConversationLines } from "./conversation-lines.js";
import { traceToConversation } from "./conversation-trace.js";

const dir = await mkdtemp(join(tmpdir(), "tracemill-conversation-lines-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const conversation = (id: string) => ({
  conversation_id: id,
  user_id: `user-${id}`,
  timestamp: "2024-05-01T10:00:00Z",
  messages: [
    { role: "user", content: "Hello" },
    { role: "assistant", content: "Hi" },
  ],
});

async function all(path: string, chunkBytes?: number): Promise<ConversationLine[]> {
  const lines: ConversationLine[] = [];
  const options = chunkBytes === undefined ? {} : { chunkBytes };
  for await (const batch of readConversationLines(path, options)) lines.push(...batch);
  return lines;
}

describe("readConversationLines (the one pass the reader and insights share)", () => {
  it("judges every line: a Trace per valid one, the error with its line for a bad one", async () => {
    const path = join(dir, "mixed.jsonl");
    await writeFile(
      path,
      [
        `\uFEFF${JSON.stringify(conversation("a"))}`,
        "",
        "{broken",
        JSON.stringify(conversation("a")),
        JSON.stringify(conversation("b")),
      ].join("\n"),
    );
    for (const chunkBytes of [16, 1 << 20]) {
      const lines = await all(path, chunkBytes);
      expect(lines.map((item) => [item.line, item.kind])).toEqual([
        [1, "trace"],
        [2, "empty"],
        [3, "invalid"],
        [4, "invalid"],
        [5, "trace"],
      ]);
      const [first, , broken, repeated] = lines;
      if (first?.kind !== "trace") throw new Error("line 1 is a trace");
      expect(first.trace.steps[0]?.origin).toEqual({ file: "mixed.jsonl", line: 1 });
      expect(traceToConversation(first.trace)).toMatchObject({ conversation_id: "a" });
      expect(broken).toMatchObject({ error: { code: "invalid_json", line_number: 3 } });
      expect(repeated).toMatchObject({ error: { code: "duplicate_conversation_id" } });
    }
  });

  it("names a missing file and a folder", async () => {
    await expect(all(join(dir, "missing.jsonl"))).rejects.toMatchObject({ code: "not_found" });
    await expect(all(dir)).rejects.toMatchObject({ code: "input_invalid" });
  });
});
