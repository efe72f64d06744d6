/**
 * src/pipelines/conversations: conversation JSONL in the one pipeline shape. Two entries:
 * `runConversationsPipeline` (the insights stages of src/insights: facets, clusters, labels,
 * hierarchy, privacy gates, evaluation) and `gradeConversations` (each conversation a Trace, graded
 * and written as trace.json + grade.json for `tracemill export`). Both read through the
 * conversations reader (src/sources/conversations).
 */
export {
  type ConversationGradeDetail,
  type ConversationGradeInput,
  type ConversationLineProblem,
  type GradedConversation,
  gradeConversations,
  renderConversationGradeReport,
} from "./grade-conversations.js";
export {
  type ConversationsInput,
  runConversationsPipeline,
} from "./run-conversations-pipeline.js";
