import { checkLine, type InputLineError } from "./check-line.js";
import type { Conversation } from "./conversation.js";
import { readNumberedLines } from "./read-lines.js";

/**
 * The valid conversations of a JSONL file in file order, streamed. Invalid lines and repeated ids
 * are skipped (a run validates the file first and reports them); `onSkip` sees each one.
 */
export async function* readConversations(
  path: string,
  options: { onSkip?: (error: InputLineError) => void } = {},
): AsyncGenerator<{ line: number; conversation: Conversation }> {
  const seenIds = new Set<string>();
  for await (const { line, text } of readNumberedLines(path)) {
    const verdict = checkLine(text, line, seenIds);
    if (verdict.kind === "valid") yield { line, conversation: verdict.conversation };
    else if (verdict.kind === "invalid") options.onSkip?.(verdict.error);
  }
}
