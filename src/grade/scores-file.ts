import { z } from "zod";
import { type Grade, gradeSchemaId, judgeSchema, usageSchema } from "../core/grade.js";
import { deterministicId } from "../core/hash.js";
import { screenSessionRubric } from "./screen-rubric.js";

/**
 * scores.json: one session's evaluation, the file the seed's users read. `score` is computed in
 * code from `components` and `weights`; the three components are also repeated at the top level
 * because the seed's readers look for them there.
 */
const componentValue = z.number().min(0).max(100);
const componentsSchema = z.object({
  outcomeAchievement: componentValue,
  processQuality: componentValue,
  efficiency: componentValue,
});
const weightsSchema = z.object({
  outcomeAchievement: z.number().min(0).max(1),
  processQuality: z.number().min(0).max(1),
  efficiency: z.number().min(0).max(1),
});

export const scoresFileSchema = z.object({
  sessionId: z.string().min(1),
  traceId: z.string().min(1).optional(),
  score: z.number().int().min(0).max(100),
  components: componentsSchema,
  weights: weightsSchema,
  outcomeAchievement: componentValue,
  processQuality: componentValue,
  efficiency: componentValue,
  summary: z.string(),
  observations: z.array(z.string()).min(2).max(6),
  reasoning: z.string(),
  confidence: z.number().min(0).max(1),
  judge: judgeSchema,
  rubric: z.object({ id: z.string().min(1), version: z.string().min(1) }),
  offline: z.boolean().describe("true when the offline heuristic judge produced it, not a model"),
  chunkSummaries: z.array(z.string()),
  usage: usageSchema,
  createdAt: z.string().datetime(),
});
export type SessionEvaluation = z.infer<typeof scoresFileSchema>;

/**
 * The evaluation as a tracemill.grade/v1 Grade. Its id depends on what was judged and how (trace,
 * rubric and weights, judge, components), never on when, so regrading the same way gives the same id.
 */
export function toGrade(evaluation: SessionEvaluation): Grade {
  const traceId = evaluation.traceId ?? evaluation.sessionId;
  const rubric = screenSessionRubric(evaluation.weights);
  const id = deterministicId("grade", {
    traceId,
    rubric: {
      id: evaluation.rubric.id,
      version: evaluation.rubric.version,
      weights: evaluation.weights,
    },
    judge: evaluation.judge,
    components: evaluation.components,
    score: evaluation.score,
  });
  return {
    schema: gradeSchemaId,
    id,
    traceId,
    rubric: { ...rubric, id: evaluation.rubric.id, version: evaluation.rubric.version },
    judge: evaluation.judge,
    components: { ...evaluation.components },
    score: evaluation.score,
    confidence: evaluation.confidence,
    summary: evaluation.summary,
    observations: [...evaluation.observations],
    reasoning: evaluation.reasoning,
    chunkSummaries: [...evaluation.chunkSummaries],
    usage: { ...evaluation.usage },
    createdAt: evaluation.createdAt,
  };
}
