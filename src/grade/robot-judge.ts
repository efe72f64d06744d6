import { TracemillError } from "../core/errors.js";
import type { Grade } from "../core/grade.js";
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
import { askTraceJudge, gradeFromParts } from "./trace-judge.js";

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
  const { answer, judge, usage } = await askTraceJudge(trace, {
    client,
    ...(options.redactor === undefined ? {} : { redactor: options.redactor }),
    seed,
    schema: robotJudgeAnswerSchema,
    schemaName: robotJudgeSchemaName,
    stage: "robot-judge",
    messages: prompt,
  });
  return gradeFromParts(trace, {
    rubric: robotEpisodeRubric(),
    judge,
    components: { ...answer.scores },
    confidence: answer.confidence,
    summary: answer.summary,
    observations: robotComponentKeys.map(
      (key) => `${key} ${answer.scores[key]}/100: ${answer.reasons[key]}`,
    ),
    reasoning: answer.reasoning,
    usage,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
  });
}
