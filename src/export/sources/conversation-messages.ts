import type { ChatMessage } from "../../core/dataset-row.js";
import type { Trace } from "../../core/trace.js";

/**
 * How the export reads a conversation Trace (kind `conversation`, made by `conversationToTrace`
 * in src/sources/conversations): its message steps are the SFT chat, and the one line its steps
 * came from is the row's `sourceFile.line`.
 */

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
