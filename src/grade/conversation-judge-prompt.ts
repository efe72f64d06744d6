import { z } from "zod";
import type { Trace } from "../core/trace.js";
import type { ModelMessage } from "../model/types.js";
import {
  type ConversationDimension,
  conversationDimensions,
  conversationDimensionText,
} from "./conversation-rubric.js";

/**
 * The model judge's question for one conversation: the rubric and the message steps in order
 * (each text capped, the rest counted). The answer holds four 0–100 component scores with one
 * observation each, a summary, a short reasoning and a confidence; the total is never asked for,
 * because it is computed in code. Strict-mode friendly: closed objects, every field required.
 */
export const conversationJudgeSchemaName = "conversation_judge";

const component = (key: ConversationDimension) =>
  z.number().min(0).max(100).describe(`0-100: ${conversationDimensionText[key]}`);
const line = (maxChars: number, description: string) =>
  z
    .string()
    .describe(`${description}; at most ${maxChars} characters`)
    .refine((text) => text.trim() !== "", { message: "must not be empty" })
    .refine((text) => text.length <= maxChars, {
      message: `must be at most ${maxChars} characters`,
    });

export const conversationJudgeAnswerSchema = z
  .object({
    scores: z
      .object({
        coverage: component("coverage"),
        reply_quality: component("reply_quality"),
        helpfulness: component("helpfulness"),
        coherence: component("coherence"),
      })
      .strict(),
    observations: z
      .object({
        coverage: line(300, "the messages (#index) behind the coverage score"),
        reply_quality: line(300, "the messages behind the reply quality score"),
        helpfulness: line(300, "the messages behind the helpfulness score"),
        coherence: line(300, "the messages behind the coherence score"),
      })
      .strict(),
    summary: line(600, "two or three sentences on how well the assistant served the user"),
    reasoning: line(800, "a short justification of the four scores, no step-by-step thinking"),
    confidence: z.number().min(0).max(1).describe("how sure the judge is, 0 to 1"),
  })
  .strict();
export type ConversationJudgeAnswer = z.infer<typeof conversationJudgeAnswerSchema>;

export interface ConversationJudgePromptOptions {
  weights: Record<ConversationDimension, number>;
  /** Characters kept of any one message. */
  maxMessageText?: number;
  /** Messages listed; the rest are counted. */
  maxMessages?: number;
}

export function buildConversationJudgeMessages(
  trace: Trace,
  options: ConversationJudgePromptOptions,
): ModelMessage[] {
  const maxText = options.maxMessageText ?? 2000;
  const maxMessages = options.maxMessages ?? 100;
  const steps = trace.steps.filter((step) => step.kind === "message");
  const listed = steps
    .slice(0, maxMessages)
    .map((step) => `#${step.index} ${step.actor}: ${cap(step.text ?? "", maxText)}`);
  if (steps.length > maxMessages)
    listed.push(`… ${steps.length - maxMessages} more message(s) not shown`);
  const total = conversationDimensions.reduce((sum, key) => sum + options.weights[key], 0);
  const rubric = conversationDimensions
    .map(
      (key) =>
        `- ${key} (weight ${Math.round((options.weights[key] / total) * 100)}%): ${conversationDimensionText[key]}`,
    )
    .join("\n");
  const system = [
    "You grade a recorded conversation between a user and an assistant, to decide whether it is fit to train an assistant on.",
    "Score each component from 0 (absent or harmful) to 100 (exemplary).",
    rubric,
    "Give one short observation per component naming the messages (#index) behind the score, a summary, a short reasoning and your confidence.",
    "Do not compute an overall score. Judge the assistant's replies, not the user.",
  ].join("\n");
  const user = [`Conversation (${steps.length} message(s)):`, listed.join("\n")].join("\n\n");
  return [
    { role: "system", content: system },
    { role: "user", content: user },
  ];
}

function cap(text: string, length: number): string {
  return text.length <= length
    ? text
    : `${text.slice(0, length)}… (${text.length - length} more characters)`;
}
