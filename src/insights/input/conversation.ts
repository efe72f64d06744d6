import { z } from "zod";

/**
 * The conversation input contract: one JSON object per JSONL line. Strict on purpose: an unknown
 * key is more often a producer bug (a renamed field) than an extension, and silently dropping it
 * would hide data the analysis was meant to see.
 */
export const conversationRoles = ["user", "assistant", "system"] as const;
export type ConversationRole = (typeof conversationRoles)[number];

export const currentConversationSchemaVersion = "1.0.0";

export const conversationMessageSchema = z.strictObject({
  role: z.enum(conversationRoles),
  content: z.string(),
});

const nonEmpty = z.string().refine((value) => value.trim().length > 0, "must not be empty");

const isoTimestamp = z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()], {
  error: "must be an ISO-8601 date or date-time (e.g. 2024-05-01T10:00:00Z)",
});

const schemaVersion = z
  .string()
  .regex(/^\d+\.\d+\.\d+$/, "must be a semantic version such as 1.0.0")
  .refine(
    (value) => value.split(".")[0] === "1",
    "unsupported major version (this reader knows 1.x)",
  );

export const conversationSchema = z.strictObject({
  conversation_id: nonEmpty,
  user_id: nonEmpty,
  timestamp: isoTimestamp,
  messages: z.array(conversationMessageSchema).min(1, "must hold at least one message"),
  schema_version: schemaVersion.default(currentConversationSchemaVersion),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export type ConversationMessage = z.infer<typeof conversationMessageSchema>;
export type Conversation = z.infer<typeof conversationSchema>;
/** What the input looks like before defaults (schema_version may be absent). */
export type ConversationInput = z.input<typeof conversationSchema>;

/** What a run keeps of a conversation: the messages only, never user ids, timestamps or metadata. */
export interface StoredConversation {
  conversation_id: string;
  messages: ConversationMessage[];
}

export function toStoredConversation(conversation: Conversation): StoredConversation {
  return {
    conversation_id: conversation.conversation_id,
    messages: conversation.messages.map((message) => ({
      role: message.role,
      content: message.content,
    })),
  };
}

/** "Turns" are user messages: one request and whatever answered it. */
export function countTurns(messages: readonly ConversationMessage[]): number {
  let turns = 0;
  for (const message of messages) if (message.role === "user") turns += 1;
  return turns;
}
