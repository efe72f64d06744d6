import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TracemillError } from "../../core/errors.js";
import { traceSchema } from "../../core/trace.js";
import { readConversations } from "../../insights/input/read-conversations.js";
import { conversationReader } from "./conversation-reader.js";
import { conversationToTrace, traceToConversation } from "./conversation-trace.js";

const examples = fileURLToPath(
  new URL("../../../examples/insights/conversations.jsonl", import.meta.url),
);

describe("conversation ↔ Trace", () => {
  it("round-trips every example conversation through a Trace of kind conversation", async () => {
    let count = 0;
    for await (const { line, conversation } of readConversations(examples)) {
      const trace = conversationToTrace(conversation, { file: "conversations.jsonl", line });
      expect(traceSchema.safeParse(trace).success).toBe(true);
      expect(trace.steps.map((step) => [step.actor, step.kind, step.text])).toEqual(
        conversation.messages.map((message) => [message.role, "message", message.content]),
      );
      expect(trace.steps[0]?.origin).toEqual({ file: "conversations.jsonl", line });
      expect(traceToConversation(trace)).toEqual(conversation);
      count += 1;
    }
    expect(count).toBe(60);
  });

  it("keeps the id when other lines of the file change, and moves it when the conversation does", async () => {
    const { traces } = await conversationReader.read(examples);
    const first = traces[0];
    if (first === undefined) throw new Error("no trace");
    const conversation = traceToConversation(first);
    expect(conversationToTrace(conversation, { file: "elsewhere.jsonl", line: 9 }).id).toBe(
      first.id,
    );
    const edited = {
      ...conversation,
      messages: [...conversation.messages, { role: "user" as const, content: "thanks" }],
    };
    expect(conversationToTrace(edited, { file: "conversations.jsonl" }).id).not.toBe(first.id);
  });

  it("reads only the conversations asked for", async () => {
    const { traces } = await conversationReader.read(examples, { sessions: ["ex-00002"] });
    expect(traces.map((trace) => trace.task?.id)).toEqual(["ex-00002"]);
  });

  it("refuses to turn a trace of another kind into a conversation", async () => {
    const { traces } = await conversationReader.read(examples);
    const robot = { ...traces[0]!, kind: "robot" as const };
    expect(() => traceToConversation(robot)).toThrow(TracemillError);
  });
});
