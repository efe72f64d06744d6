/**
 * src/pipelines/conversations: conversation JSONL through the insights stages
 * (src/insights) as `runConversationsPipeline(input, deps)`, the one pipeline shape.
 */
export {
  type ConversationsInput,
  runConversationsPipeline,
} from "./run-conversations-pipeline.js";
