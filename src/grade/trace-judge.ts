import type { z } from "zod";
import { computeScore, type Grade, gradeSchema, gradeSchemaId } from "../core/grade.js";
import { deterministicId } from "../core/hash.js";
import type { Trace } from "../core/trace.js";
import type { ModelClient } from "../model/model-client.js";
import type { Redactor } from "../model/redact.js";
import type { ModelMessage } from "../model/types.js";

/**
 * What the one-request trace judges (conversation, robot episode) share: the structured request
 * through the model door, with the prompt redacted before it leaves, and the Grade built from a
 * judge's parts, its id from the trace, the judge and the components, its score `computeScore`'s.
 */
export type GradeParts = Omit<Grade, "schema" | "id" | "traceId" | "score" | "chunkSummaries">;

export function gradeFromParts(trace: Trace, parts: GradeParts): Grade {
  const judge = `${parts.judge.provider}:${parts.judge.model}`;
  return gradeSchema.parse({
    schema: gradeSchemaId,
    id: deterministicId("grade", { traceId: trace.id, judge, components: parts.components }),
    traceId: trace.id,
    ...parts,
    score: computeScore(parts.rubric, parts.components),
    chunkSummaries: [],
  });
}

export interface TraceJudgeRequest<T> {
  client: ModelClient;
  redactor?: Redactor;
  seed: number;
  schema: z.ZodType<T>;
  schemaName: string;
  /** The metrics context's stage (`conversation-judge`, `robot-judge`). */
  stage: string;
  messages: ModelMessage[];
}

/** One structured judge request for a trace: the answer, and the Grade's judge and usage parts. */
export async function askTraceJudge<T>(
  trace: Trace,
  request: TraceJudgeRequest<T>,
): Promise<{ answer: T } & Pick<GradeParts, "judge" | "usage">> {
  const { client, redactor, seed } = request;
  const result = await client.generateObject({
    schema: request.schema,
    schemaName: request.schemaName,
    messages: redactor ? redactor.redactValue(request.messages) : request.messages,
    settings: { seed },
    context: { traceId: trace.id, stage: request.stage },
  });
  return {
    answer: result.value,
    judge: {
      provider: result.provider,
      model: result.model,
      seed,
      ...(result.fingerprint === undefined ? {} : { fingerprint: result.fingerprint }),
    },
    usage: {
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      requests: 1,
      cachedRequests: result.cached ? 1 : 0,
      costUsd: result.usage.costUsd,
    },
  };
}
