// Conversations (the insights JSONL contract) as Traces of kind "conversation": the reader and the
// conversation ↔ Trace mapping. The insights pipeline keeps reading its own schema.
export { conversationReader } from "./conversation-reader.js";
export {
  type ConversationOrigin,
  conversationSourceFormat,
  conversationToTrace,
  traceToConversation,
} from "./conversation-trace.js";
