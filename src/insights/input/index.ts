// Conversation input: the JSONL contract (zod), streaming validation with a report, and a streaming
// reader of the valid conversations. A run keeps only StoredConversation (messages, no user data).
export {
  checkLine,
  describeSchemaIssues,
  type InputErrorCode,
  type InputLineError,
  inputErrorCodes,
  type LineVerdict,
} from "./check-line.js";
export {
  type Conversation,
  type ConversationInput,
  type ConversationMessage,
  type ConversationRole,
  conversationMessageSchema,
  conversationRoles,
  conversationSchema,
  countTurns,
  currentConversationSchemaVersion,
  type StoredConversation,
  toStoredConversation,
} from "./conversation.js";
export { readConversations } from "./read-conversations.js";
export { renderValidationReport } from "./render-validation-report.js";
export {
  defaultMaxValidationErrors,
  type InputValidationReport,
  type InputValidationSummary,
  type ValidateInputOptions,
  validateInputFile,
} from "./validate-input.js";
