import { TracemillError } from "../core/errors.js";
import type { Grade } from "../core/grade.js";
import type { Trace } from "../core/trace.js";
import type { ModelClient } from "../model/model-client.js";
import type { Redactor } from "../model/redact.js";
import {
  buildConversationJudgeMessages,
  conversationJudgeAnswerSchema,
  conversationJudgeSchemaName,
} from "./conversation-judge-prompt.js";
import {
  judgeConversationOffline,
  offlineConversationJudgeName,
} from "./conversation-offline-judge.js";
import {
  type ConversationDimension,
  conversationDefaultWeights,
  conversationDimensions,
  conversationRubric,
} from "./conversation-rubric.js";
import { askTraceJudge, gradeFromParts } from "./trace-judge.js";

/**
 * Grades one conversation Trace into the repo's `Grade` (what the export reads). With a language
 * model (a client that is not offline): one structured `conversation_judge` request, its prompt
 * built from the message steps and redacted by the given redactor before it leaves (the door
 * redacts again). Without one: the offline heuristics, named `offline:conversation-heuristics/v1`.
 * Either way the score is `computeScore` over the components, never a number a judge chose.
 */
export interface GradeConversationOptions {
  client?: ModelClient;
  /** The run's redactor; the judge prompt passes through it before the request. */
  redactor?: Redactor;
  weights?: Record<ConversationDimension, number>;
  seed?: number;
  /** Clock for createdAt (tests). */
  now?: () => Date;
}

/** Confidence recorded for the offline judge: a heuristic that reads structure, not meaning. */
export const offlineConversationConfidence = 0.6;

export async function gradeConversation(
  trace: Trace,
  options: GradeConversationOptions = {},
): Promise<Grade> {
  if (trace.kind !== "conversation")
    throw new TracemillError(
      "input_invalid",
      `trace ${trace.id} is a ${trace.kind} trace; the conversation judge grades conversations`,
    );
  const weights = options.weights ?? conversationDefaultWeights;
  const rubric = conversationRubric(weights);
  const createdAt = (options.now?.() ?? new Date()).toISOString();
  const client = options.client;
  if (client === undefined || client.offline) {
    const verdict = judgeConversationOffline(trace);
    const [provider, ...model] = offlineConversationJudgeName.split(":");
    return gradeFromParts(trace, {
      rubric,
      judge: { provider: provider ?? "offline", model: model.join(":") },
      components: verdict.components,
      confidence: offlineConversationConfidence,
      summary: verdict.summary,
      observations: verdict.observations,
      reasoning: "",
      usage: { inputTokens: 0, outputTokens: 0, requests: 0, cachedRequests: 0, costUsd: 0 },
      createdAt,
    });
  }
  const seed = options.seed ?? 42;
  const prompt = buildConversationJudgeMessages(trace, { weights });
  const { answer, judge, usage } = await askTraceJudge(trace, {
    client,
    ...(options.redactor === undefined ? {} : { redactor: options.redactor }),
    seed,
    schema: conversationJudgeAnswerSchema,
    schemaName: conversationJudgeSchemaName,
    stage: "conversation-judge",
    messages: prompt,
  });
  return gradeFromParts(trace, {
    rubric,
    judge,
    components: { ...answer.scores },
    confidence: answer.confidence,
    summary: answer.summary,
    observations: conversationDimensions.map(
      (key) => `${key} ${answer.scores[key]}/100: ${answer.observations[key]}`,
    ),
    reasoning: answer.reasoning,
    usage,
    createdAt,
  });
}
