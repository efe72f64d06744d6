import { z } from "zod";
import type { ChatMessage, PreferenceRow, SftRow } from "../../core/dataset-row.js";

/**
 * OpenAI chat fine-tuning shapes. Images become `image_url` parts: a `data:image/jpeg;base64,…`
 * URL when the row holds the bytes inline, else the image's path relative to the JSONL file
 * (`images/<sha256>.jpg`), which the user must host or upload before fine-tuning.
 */
const openAiContentPartSchema = z.union([
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("image_url"), image_url: z.object({ url: z.string().min(1) }) }),
]);
export const openAiMessageSchema = z.strictObject({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.union([z.string(), z.array(openAiContentPartSchema).min(1)]),
});
export type OpenAiMessage = z.infer<typeof openAiMessageSchema>;

export const openAiSftSchema = z.strictObject({ messages: z.array(openAiMessageSchema).min(1) });
export const openAiDpoSchema = z.strictObject({
  input: z.strictObject({ messages: z.array(openAiMessageSchema).min(1) }),
  preferred_output: z.array(openAiMessageSchema).min(1),
  non_preferred_output: z.array(openAiMessageSchema).min(1),
});

export function imageUrl(part: { path?: string; data?: string }): string {
  if (part.data !== undefined) return `data:image/jpeg;base64,${part.data}`;
  return part.path ?? "";
}

export function toOpenAiMessage(message: ChatMessage): OpenAiMessage {
  if (typeof message.content === "string") return { role: message.role, content: message.content };
  return {
    role: message.role,
    content: message.content.map((part) =>
      part.type === "text"
        ? { type: "text" as const, text: part.text }
        : { type: "image_url" as const, image_url: { url: imageUrl(part) } },
    ),
  };
}

export function toOpenAiSft(row: SftRow): z.infer<typeof openAiSftSchema> {
  return { messages: row.messages.map(toOpenAiMessage) };
}

export function toOpenAiDpo(row: PreferenceRow): z.infer<typeof openAiDpoSchema> {
  return {
    input: { messages: row.prompt.map(toOpenAiMessage) },
    preferred_output: row.chosen.map(toOpenAiMessage),
    non_preferred_output: row.rejected.map(toOpenAiMessage),
  };
}
