import { TracemillError } from "../core/errors.js";
import { computeScore, type Grade, gradeSchema, gradeSchemaId } from "../core/grade.js";
import { deterministicId } from "../core/hash.js";
import type { Trace } from "../core/trace.js";
import type { ModelClient } from "../model/model-client.js";
import type { Redactor } from "../model/redact.js";
import {
  buildRobotJudgeMessages,
  robotJudgeAnswerSchema,
  robotJudgeSchemaName,
} from "./robot-judge-prompt.js";
import { judgeRobotEpisodeOffline } from "./robot-offline-judge.js";
import { robotComponentKeys, robotEpisodeRubric } from "./robot-rubric.js";
import { measureRobotEpisode } from "./robot-signals.js";

/**
 * Grades one robot Trace into the repo's `Grade`, as `gradeConversation` does for conversations.
 * With a language model (a client that is not offline): one structured `robot_episode_judge`
 * request whose prompt is built from the steps only and redacted by the given redactor before it
 * leaves (the door redacts again). Without one: the offline robot judge's Grade, unchanged. Either
 * way the score is `computeScore` over the robot rubric's components, never a number a judge chose.
 */
export interface JudgeRobotEpisodeOptions {
  client?: ModelClient;
  /** The run's redactor; the judge prompt passes through it before the request. */
  redactor?: Redactor;
  seed?: number;
  /** Clock for createdAt (tests). */
  now?: () => Date;
}

export async function judgeRobotEpisode(
  trace: Trace,
  options: JudgeRobotEpisodeOptions = {},
): Promise<Grade> {
  if (trace.kind !== "robot")
    throw new TracemillError(
      "input_invalid",
      `trace ${trace.id} is a ${trace.kind} trace; the robot judge grades robot episodes`,
    );
  const client = options.client;
  if (client === undefined || client.offline)
    return judgeRobotEpisodeOffline(trace, options.now ? { now: options.now } : {});
  const seed = options.seed ?? 42;
  const prompt = buildRobotJudgeMessages(trace, measureRobotEpisode(trace));
  const result = await client.generateObject({
    schema: robotJudgeAnswerSchema,
    schemaName: robotJudgeSchemaName,
    messages: options.redactor ? options.redactor.redactValue(prompt) : prompt,
    settings: { seed },
    context: { traceId: trace.id, stage: "robot-judge" },
  });
  const answer = result.value;
  const rubric = robotEpisodeRubric();
  const components = { ...answer.scores };
  const judge = {
    provider: result.provider,
    model: result.model,
    seed,
    ...(result.fingerprint === undefined ? {} : { fingerprint: result.fingerprint }),
  };
  return gradeSchema.parse({
    schema: gradeSchemaId,
    id: deterministicId("grade", {
      traceId: trace.id,
      judge: `${judge.provider}:${judge.model}`,
      components,
    }),
    traceId: trace.id,
    rubric,
    judge,
    components,
    score: computeScore(rubric, components),
    confidence: answer.confidence,
    summary: answer.summary,
    observations: robotComponentKeys.map(
      (key) => `${key} ${answer.scores[key]}/100: ${answer.reasons[key]}`,
    ),
    reasoning: answer.reasoning,
    chunkSummaries: [],
    usage: {
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      requests: 1,
      cachedRequests: result.cached ? 1 : 0,
      costUsd: result.usage.costUsd,
    },
    createdAt: (options.now?.() ?? new Date()).toISOString(),
  });
}
