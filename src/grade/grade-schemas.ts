import { z } from "zod";

/**
 * What the judge model answers. Strict-mode friendly: closed objects, every field required, only
 * keywords OpenAI strict mode accepts (minimum/maximum, minItems/maxItems); string lengths are
 * stated in descriptions and enforced locally with refinements, so a violating answer is re-asked.
 */
export const maxObservationChars = 300;
export const maxReasoningChars = 800;

const nonEmptyLine = (maxChars: number, description: string) =>
  z
    .string()
    .describe(description)
    .refine((text) => text.trim() !== "", { message: "must not be empty" })
    .refine((text) => text.length <= maxChars, {
      message: `must be at most ${maxChars} characters`,
    });

const component = (description: string) => z.number().min(0).max(100).describe(description);

export const chunkAnswerSchema = z
  .object({
    summary: nonEmptyLine(
      1200,
      "what happened so far in the session, folding in the previous summary; at most 1200 characters",
    ),
  })
  .strict();
export type ChunkAnswer = z.infer<typeof chunkAnswerSchema>;

export const verdictAnswerSchema = z
  .object({
    summary: nonEmptyLine(1200, "two or three sentences on what the person did and how it ended"),
    observations: z
      .array(nonEmptyLine(maxObservationChars, "one concrete observation, at most 300 characters"))
      .min(2)
      .max(6)
      .describe("2 to 6 short lines, each naming evidence from the session"),
    reasoning: nonEmptyLine(
      maxReasoningChars,
      "a short justification of the three scores (no step-by-step thinking), at most 800 characters",
    ),
    confidence: z.number().min(0).max(1).describe("how sure the judge is, 0 to 1"),
    outcomeAchievement: component("0-100: were the task's objectives achieved"),
    processQuality: component("0-100: quality of the way of working"),
    efficiency: component("0-100: time and actions spent for what was achieved"),
  })
  .strict();
export type VerdictAnswer = z.infer<typeof verdictAnswerSchema>;
