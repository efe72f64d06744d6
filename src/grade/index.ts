/**
 * src/grade: grading screen sessions. Pure pieces (chunking, sanitising, prompts, weights, the
 * screen-session rubric, answer schemas), the `Grader` shell over the model door (chunks in order,
 * each with the previous summary, then one verdict; score computed in code from the components),
 * the deterministic offline judge, and the scores.json schema with its conversion to a Grade.
 * Conversations: `gradeConversation` (one model request, or the offline heuristics) into a Grade.
 */

// The seed exported these from its grader; they are the model door's, re-exported under the same names.
export { PermanentError, TimeoutError, TransientError } from "../core/errors.js";
export type { RequestMetrics } from "../model/types.js";
export {
  type ChunkPosition,
  chunkToMessages,
  criteriaText,
  maxImagesPerChunk,
  type VerdictTask,
  verdictToMessages,
} from "./chunk-to-messages.js";
export {
  type GradeConversationOptions,
  gradeConversation,
  offlineConversationConfidence,
} from "./conversation-judge.js";
export {
  type ConversationJudgeAnswer,
  conversationJudgeAnswerSchema,
  conversationJudgeSchemaName,
} from "./conversation-judge-prompt.js";
export {
  judgeConversationOffline,
  type OfflineConversationVerdict,
  offlineConversationJudgeName,
} from "./conversation-offline-judge.js";
export {
  type ConversationDimension,
  conversationDefaultWeights,
  conversationDimensions,
  conversationRubric,
  conversationRubricId,
  conversationRubricVersion,
} from "./conversation-rubric.js";
export { type ConversationSignals, measureConversation } from "./conversation-signals.js";
export {
  type ChunkAnswer,
  chunkAnswerSchema,
  maxObservationChars,
  maxReasoningChars,
  type VerdictAnswer,
  verdictAnswerSchema,
} from "./grade-schemas.js";
export {
  defaultModelProvider,
  type EvaluationCriteriaUpdate,
  Grader,
  type GraderOptions,
  type SessionMeta,
} from "./grader.js";
export {
  judgeScreenSessionOffline,
  type OfflineJudgeOptions,
  offlineJudgeModel,
} from "./offline-judge.js";
export {
  type ComponentKey,
  type Components,
  componentKeys,
  defaultWeights,
  normaliseWeights,
  parseWeights,
  type Weights,
} from "./parse-weights.js";
export {
  judgeRobotEpisodeOffline,
  minimumUsefulSteps,
  offlineRobotJudgeModel,
  type RobotJudgeOptions,
} from "./robot-offline-judge.js";
export {
  type RobotComponentKey,
  robotComponentKeys,
  robotEpisodeRubric,
  robotRubricId,
  robotRubricVersion,
} from "./robot-rubric.js";
export { measureRobotEpisode, type RobotEpisodeSignals } from "./robot-signals.js";
export { defaultMaxTextChars, sanitizeText, truncate } from "./sanitize-text.js";
export { type SessionEvaluation, scoresFileSchema, toGrade } from "./scores-file.js";
export {
  defaultComponentDescriptions,
  defaultEvaluationCriteria,
  type EvaluationCriteria,
  screenRubricId,
  screenRubricVersion,
  screenSessionRubric,
} from "./screen-rubric.js";
export {
  measureScreenSession,
  type ObjectiveCoverage,
  type SessionSignals,
} from "./session-signals.js";
export { defaultChunkSize, sftToChunks } from "./sft-to-chunks.js";
export {
  type JudgeTraceMeta,
  parseActionCall,
  sftToJudgeTrace,
  taskFromSft,
} from "./sft-to-judge-trace.js";
