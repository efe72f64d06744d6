import { z } from "zod";
import type { ChatMessage, PreferenceRow, SftRow } from "../../core/dataset-row.js";
import { imageUrl } from "./openai-format.js";

/**
 * TRL conversational shapes. Vision rows follow TRL's convention: `{type:"image"}` placeholders in
 * the content and the images themselves, in order, in a row-level `images` list (relative paths
 * or data URLs); `images` is present only when the row has images.
 */
const trlContentPartSchema = z.union([
  z.strictObject({ type: z.literal("text"), text: z.string() }),
  z.strictObject({ type: z.literal("image") }),
]);
export const trlMessageSchema = z.strictObject({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.union([z.string(), z.array(trlContentPartSchema).min(1)]),
});
export type TrlMessage = z.infer<typeof trlMessageSchema>;

export const trlSftSchema = z.strictObject({
  messages: z.array(trlMessageSchema).min(1),
  images: z.array(z.string().min(1)).min(1).optional(),
});
export const trlPreferenceSchema = z.strictObject({
  prompt: z.array(trlMessageSchema).min(1),
  chosen: z.array(trlMessageSchema).min(1),
  rejected: z.array(trlMessageSchema).min(1),
});

function toTrlMessage(message: ChatMessage, images: string[]): TrlMessage {
  if (typeof message.content === "string") return { role: message.role, content: message.content };
  return {
    role: message.role,
    content: message.content.map((part) => {
      if (part.type === "text") return { type: "text" as const, text: part.text };
      images.push(imageUrl(part));
      return { type: "image" as const };
    }),
  };
}

export function toTrlSft(row: SftRow): z.infer<typeof trlSftSchema> {
  const images: string[] = [];
  const messages = row.messages.map((message) => toTrlMessage(message, images));
  return images.length > 0 ? { messages, images } : { messages };
}

export function toTrlPreference(row: PreferenceRow): z.infer<typeof trlPreferenceSchema> {
  // TRL's conversational preference format has no image column; placeholders keep the turn shape.
  const ignored: string[] = [];
  return {
    prompt: row.prompt.map((message) => toTrlMessage(message, ignored)),
    chosen: row.chosen.map((message) => toTrlMessage(message, ignored)),
    rejected: row.rejected.map((message) => toTrlMessage(message, ignored)),
  };
}
