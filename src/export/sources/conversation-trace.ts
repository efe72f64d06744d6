import type { ChatMessage } from "../../core/dataset-row.js";
import { type SourceFile, type Step, type Trace, traceSchemaId } from "../../core/trace.js";
import type { Conversation } from "../../insights/input/conversation.js";
import { sourceTraceId } from "../../sources/source-trace-id.js";

/**
 * A conversation (one line of the insights input JSONL) as a Trace of kind `conversation`: one
 * message step per message, each step's origin naming the file and line. The export reads such a
 * trace like any other: its messages become the SFT conversation, its file and line the row's
 * provenance. Minimal on purpose: src/sources/conversations (issue 18a) is the reader proper.
 */
export const conversationSourceFormat = "conversation-jsonl";

export function conversationToTrace(
  conversation: Conversation,
  where: { file: SourceFile; line: number },
): Trace {
  const steps: Step[] = conversation.messages.map((message, index) => ({
    index,
    t: index,
    actor: message.role,
    kind: "message",
    text: message.content,
    origin: { file: where.file.path, line: where.line },
  }));
  return {
    schema: traceSchemaId,
    id: sourceTraceId(conversationSourceFormat, `${conversation.conversation_id}@${where.line}`, [
      where.file,
    ]),
    kind: "conversation",
    source: { format: conversationSourceFormat, files: [where.file] },
    task: { id: conversation.conversation_id },
    steps,
    media: [],
    meta: { conversationId: conversation.conversation_id },
  };
}

/** A conversation trace's message steps as chat messages, in step order. */
export function conversationMessagesOf(trace: Trace): ChatMessage[] {
  return trace.steps.flatMap((step): ChatMessage[] =>
    step.kind === "message" &&
    (step.actor === "user" || step.actor === "assistant" || step.actor === "system")
      ? [{ role: step.actor, content: step.text ?? "" }]
      : [],
  );
}

/** The one line every step of a trace came from, if there is one (a JSONL record). */
export function singleSourceLine(trace: Trace): number | undefined {
  const lines = new Set(trace.steps.map((step) => step.origin.line));
  const [line] = lines;
  return lines.size === 1 ? line : undefined;
}
