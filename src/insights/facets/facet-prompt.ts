import { z } from "zod";
import type { ModelMessage } from "../../model/types.js";
import type { Conversation } from "../input/conversation.js";

/** The model path of facet extraction: one structured request per conversation. */
export const facetsSchemaName = "insights_facets";

export const modelFacetsSchema = z.strictObject({
  summary: z.string().min(1).max(600),
  task: z.string().min(1).max(200),
  language: z.string().min(2).max(12),
  language_confidence: z.number().min(0).max(1),
  concerning_score: z.number().int().min(1).max(5),
});
export type ModelFacets = z.infer<typeof modelFacetsSchema>;

/** Enough for the gist of long conversations while keeping each request cheap. */
export const defaultTranscriptChars = 8000;

const instructions = `You analyse one conversation between a user and an AI assistant for aggregate, privacy-preserving statistics.
Return JSON with:
- summary: one or two sentences saying what the user wanted and what kind of help was given, written at the level of a topic ("The user asked for help fixing a Python script that fails to parse a CSV file").
- task: a short imperative phrase (at most 10 words) naming the task, e.g. "Debug a Python CSV parser".
- language: the ISO 639-1 code of the language the user wrote in ("und" if unclear).
- language_confidence: 0 to 1.
- concerning_score: 1 to 5 for potential harm: 1 benign, 2 mildly sensitive topic, 3 touches a harmful area, 4 clear request for harm (malware, fraud, violence, weapons, hate), 5 self-harm intent, mass-casualty weapons or sexual content involving minors.
Privacy rules: leave out names of people, organisations that could identify the user, places, addresses, email addresses, phone numbers, account or id numbers, dates tied to the person and any other identifying detail. Describe the request in general terms. Do not quote the conversation.`;

export function buildFacetMessages(
  conversation: Conversation,
  maxTranscriptChars = defaultTranscriptChars,
): ModelMessage[] {
  return [
    { role: "system", content: instructions },
    {
      role: "user",
      content: `<conversation>\n${transcript(conversation, maxTranscriptChars)}\n</conversation>`,
    },
  ];
}

/** Head and tail of the conversation when it is too long: the request and how it ended. */
export function transcript(conversation: Conversation, maxChars: number): string {
  const full = conversation.messages
    .map(
      (message) =>
        `${message.role === "user" ? "User" : message.role === "assistant" ? "Assistant" : "System"}: ${message.content}`,
    )
    .join("\n\n");
  if (full.length <= maxChars) return full;
  const head = Math.floor(maxChars * 0.7);
  const tail = maxChars - head;
  return `${full.slice(0, head)}\n\n[… ${full.length - head - tail} characters omitted …]\n\n${full.slice(full.length - tail)}`;
}
