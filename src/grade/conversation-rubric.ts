import type { Rubric } from "../core/grade.js";

/**
 * The conversation rubric (v1): how well the assistant side of a recorded chat served the user,
 * four components scored 0–100. Both judges (the model and the offline heuristics) fill the same
 * components; the score is computed from them in code (`computeScore`), never taken from a judge.
 */
export const conversationRubricId = "conversation";
export const conversationRubricVersion = "1";

export const conversationDimensions = [
  "coverage",
  "reply_quality",
  "helpfulness",
  "coherence",
] as const;
export type ConversationDimension = (typeof conversationDimensions)[number];

export const conversationDimensionText: Record<ConversationDimension, string> = {
  coverage:
    "Does the assistant answer every user turn, and does the conversation end on the assistant's reply rather than an unanswered request?",
  reply_quality:
    "Are the replies whole and of a sensible size: none empty, none cut off mid-sentence or inside an open code block, none a few words to a long question?",
  helpfulness:
    "Does the assistant engage with the requests instead of refusing, deflecting or apologising without an answer?",
  coherence:
    "Does each reply move the conversation on: no reply repeated word for word, no echo of the user's own message?",
};

const labels: Record<ConversationDimension, string> = {
  coverage: "Coverage",
  reply_quality: "Reply quality",
  helpfulness: "Helpfulness",
  coherence: "Coherence",
};

/** Percent weights, summing to 100: unanswered turns matter most for training data. */
export const conversationDefaultWeights: Record<ConversationDimension, number> = {
  coverage: 40,
  reply_quality: 30,
  helpfulness: 20,
  coherence: 10,
};

export function conversationRubric(
  weights: Record<ConversationDimension, number> = conversationDefaultWeights,
): Rubric {
  return {
    id: conversationRubricId,
    version: conversationRubricVersion,
    dimensions: conversationDimensions.map((key) => ({
      key,
      label: labels[key],
      description: conversationDimensionText[key],
      weight: weights[key],
      min: 0,
      max: 100,
    })),
  };
}
