import { readConversationLines } from "../../sources/conversations/conversation-lines.js";
import { traceToConversation } from "../../sources/conversations/conversation-trace.js";
import type { InputLineError } from "./check-line.js";
import type { Conversation } from "./conversation.js";

/**
 * The valid conversations of a JSONL file in file order, streamed through the conversations
 * reader's one pass (each line a Trace, each Trace back to its conversation). Invalid lines and
 * repeated ids are skipped (a run validates the file first and reports them); `onSkip` sees each.
 */
export async function* readConversations(
  path: string,
  options: { onSkip?: (error: InputLineError) => void } = {},
): AsyncGenerator<{ line: number; conversation: Conversation }> {
  for await (const batch of readConversationLines(path)) {
    for (const item of batch) {
      if (item.kind === "trace")
        yield { line: item.line, conversation: traceToConversation(item.trace) };
      else if (item.kind === "invalid") options.onSkip?.(item.error);
    }
  }
}
