import type { Conversation } from "../input/conversation.js";
import { generateSyntheticCorpus, type SyntheticTruth } from "./synthetic.js";

/**
 * The committed example corpus (`examples/insights/conversations.jsonl`): 60 synthetic conversations
 * with two planted PII items, an email address and a phone number, so the demo and tests can check
 * that neither reaches a summary, label or description. A test keeps the file equal to this output.
 */
export const exampleCorpusOptions = { count: 60, seed: 6, idPrefix: "ex" } as const;

export const plantedPii = [
  {
    conversationIndex: 4,
    text: "You can write to me at emma.schmidt@example.com if that is easier.",
    value: "emma.schmidt@example.com",
  },
  {
    conversationIndex: 17,
    text: "If needed, call me on +44 20 7946 0958 after six.",
    value: "+44 20 7946 0958",
  },
] as const;

export async function buildExampleCorpus(): Promise<{
  conversations: Conversation[];
  truth: SyntheticTruth[];
}> {
  const corpus = await generateSyntheticCorpus(exampleCorpusOptions);
  const conversations = corpus.conversations.map((conversation, index) => {
    const planted = plantedPii.find((item) => item.conversationIndex === index);
    if (planted === undefined) return conversation;
    const messages = conversation.messages.map((message) => ({ ...message }));
    const firstUser = messages.find((message) => message.role === "user");
    if (firstUser !== undefined) firstUser.content = `${firstUser.content} ${planted.text}`;
    return { ...conversation, messages };
  });
  return { conversations, truth: corpus.truth };
}

/** One JSON object per line, keys in contract order, trailing newline. */
export function toJsonl(items: readonly unknown[]): string {
  return items.map((item) => JSON.stringify(item)).join("\n") + (items.length > 0 ? "\n" : "");
}
