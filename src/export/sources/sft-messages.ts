import type { ChatMessage } from "../../core/dataset-row.js";
import type { Trace } from "../../core/trace.js";
import { taskText } from "../../format/conversation-turns.js";
import type { SftMessage } from "../../format/sft-message.js";

type ContentPart = Exclude<ChatMessage["content"], string>[number];

/**
 * sft.json → ChatMessage[]. sft.json holds one message per screenshot or line; chat fine-tuning
 * wants turns, so consecutive messages of one role become one message with parts. A lone text
 * message stays a plain string, the shape every chat format accepts.
 */
export function sftToChatMessages(sft: SftMessage[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  let role: ChatMessage["role"] | undefined;
  let parts: ContentPart[] = [];
  const flush = () => {
    if (role === undefined || parts.length === 0) return;
    const [only] = parts;
    messages.push({
      role,
      content: parts.length === 1 && only?.type === "text" ? only.text : parts,
    });
  };
  for (const message of sft) {
    const part: ContentPart =
      typeof message.content === "string"
        ? { type: "text", text: message.content }
        : { type: "image", data: message.content.data };
    if (message.role !== role) {
      flush();
      role = message.role;
      parts = [];
    }
    parts.push(part);
  }
  flush();
  return messages;
}

/**
 * The conversation as plain text for RAG and the duplicate/contamination checks: the task, then
 * each action's code lines (sft.json opens with the task). Without sft.json the trace's task and
 * step texts stand in. Markdown fences are dropped so the text is what a reader would index.
 */
export function conversationText(trace: Trace, sft: SftMessage[] | undefined): string {
  const texts =
    sft === undefined
      ? [taskText(trace) ?? "", ...trace.steps.map((step) => step.text ?? "")]
      : sft.flatMap((message) => (typeof message.content === "string" ? [message.content] : []));
  const lines: string[] = [];
  for (const text of texts) {
    for (const line of text.split("\n")) {
      const trimmed = line.trim();
      if (trimmed === "" || trimmed.startsWith("```")) continue;
      lines.push(trimmed);
    }
  }
  return lines.join("\n");
}
