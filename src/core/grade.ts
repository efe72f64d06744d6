import { z } from "zod";

export const gradeSchemaId = "tracemill.grade/v1";

export const rubricDimensionSchema = z.object({
  key: z.string().min(1),
  label: z.string().optional(),
  description: z.string().optional(),
  weight: z.number().nonnegative(),
  min: z.number(),
  max: z.number(),
});

export const rubricSchema = z
  .object({
    id: z.string().min(1),
    version: z.string().min(1),
    dimensions: z.array(rubricDimensionSchema).min(1),
  })
  .refine((rubric) => rubric.dimensions.some((dimension) => dimension.weight > 0), {
    message: "at least one dimension needs a positive weight",
  })
  .refine((rubric) => rubric.dimensions.every((dimension) => dimension.max > dimension.min), {
    message: "every dimension needs max > min",
  });
export type Rubric = z.infer<typeof rubricSchema>;
export type RubricDimension = z.infer<typeof rubricDimensionSchema>;

export const usageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  cachedRequests: z.number().int().nonnegative().default(0),
  costUsd: z.number().nonnegative(),
});
export type Usage = z.infer<typeof usageSchema>;

export const judgeSchema = z.object({
  provider: z.string().min(1).describe("'openai', 'scripted' or 'offline'"),
  model: z.string().min(1),
  seed: z.number().int().optional(),
  fingerprint: z.string().optional(),
});

export const gradeSchema = z.object({
  schema: z.literal(gradeSchemaId),
  id: z.string().min(1),
  traceId: z.string().min(1),
  rubric: rubricSchema,
  judge: judgeSchema,
  components: z.record(z.string(), z.number()),
  score: z.number().describe("computed in code from components and rubric weights"),
  confidence: z.number().min(0).max(1),
  summary: z.string(),
  observations: z.array(z.string()),
  reasoning: z.string(),
  chunkSummaries: z.array(z.string()),
  usage: usageSchema,
  createdAt: z.string().datetime(),
});
export type Grade = z.infer<typeof gradeSchema>;

/**
 * The score is the weighted mean of the components, each normalised to 0..1 over its
 * dimension's range and scaled to 0..100, rounded once at the end. The judge's own opinion of
 * the total is never used.
 */
export function computeScore(rubric: Rubric, components: Record<string, number>): number {
  let weighted = 0;
  let totalWeight = 0;
  for (const dimension of rubric.dimensions) {
    const value = components[dimension.key];
    if (value === undefined || dimension.weight === 0) continue;
    const clamped = Math.min(dimension.max, Math.max(dimension.min, value));
    weighted += ((clamped - dimension.min) / (dimension.max - dimension.min)) * dimension.weight;
    totalWeight += dimension.weight;
  }
  return totalWeight === 0 ? 0 : Math.round((weighted / totalWeight) * 100);
}
