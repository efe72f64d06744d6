import { z } from "zod";

/**
 * The four correction strategies and the answer each asks of the model. Schemas here check shape;
 * what depends on the episode (window, dimension, bounds) is checked by validateAnswer.
 */
export const strategies = ["correct", "weight", "filter", "reject"] as const;
export type Strategy = (typeof strategies)[number];

export const rejectDirections = ["left", "right", "accelerate", "decelerate", "none"] as const;
export type RejectDirection = (typeof rejectDirections)[number];

export const correctAnswerSchema = z.object({
  corrections: z.array(
    z.object({
      index: z.number().int().describe("step index inside the segment"),
      action: z.array(z.number()).describe("the corrected action vector for that step"),
    }),
  ),
});

export const weightAnswerSchema = z.object({
  weights: z.array(
    z.object({
      index: z.number().int(),
      weight: z.number().min(-1).max(1).describe("1 imitate, 0 ignore, negative push away"),
    }),
  ),
});

export const filterAnswerSchema = z.object({
  include: z.array(z.object({ index: z.number().int(), include: z.boolean() })),
});

export const rejectAnswerSchema = z.object({
  direction: z.enum(rejectDirections).describe("the over-correction to suppress in this segment"),
  reason: z.string(),
});

export type CorrectAnswer = z.infer<typeof correctAnswerSchema>;
export type WeightAnswer = z.infer<typeof weightAnswerSchema>;
export type FilterAnswer = z.infer<typeof filterAnswerSchema>;
export type RejectAnswer = z.infer<typeof rejectAnswerSchema>;

export type StrategyAnswer =
  | { strategy: "correct"; value: CorrectAnswer }
  | { strategy: "weight"; value: WeightAnswer }
  | { strategy: "filter"; value: FilterAnswer }
  | { strategy: "reject"; value: RejectAnswer };

export const strategySchemaNames: Record<Strategy, string> = {
  correct: "robot_correct",
  weight: "robot_weight",
  filter: "robot_filter",
  reject: "robot_reject",
};

export function answerSchemaFor(strategy: Strategy): z.ZodType<unknown> {
  switch (strategy) {
    case "correct":
      return correctAnswerSchema;
    case "weight":
      return weightAnswerSchema;
    case "filter":
      return filterAnswerSchema;
    case "reject":
      return rejectAnswerSchema;
  }
}

export function isStrategy(value: string): value is Strategy {
  return (strategies as readonly string[]).includes(value);
}
