// Conversations (the insights JSONL contract) as Traces of kind "conversation": the one pass over
// the lines (checks + Traces), the reader and the conversation ↔ Trace mapping. The insights
// input stage (validate-input, readConversations) reads through the same pass.
export {
  type ConversationLine,
  type ConversationLinesOptions,
  readConversationLines,
} from "./conversation-lines.js";
export { conversationReader } from "./conversation-reader.js";
export {
  type ConversationOrigin,
  conversationSourceFormat,
  conversationToTrace,
  traceToConversation,
} from "./conversation-trace.js";
