import { readConversationLines } from "../../sources/conversations/conversation-lines.js";
import type { InputLineError } from "./check-line.js";

export { readConversations } from "./read-conversations.js";
export { renderValidationReport } from "./render-validation-report.js";

/**
 * Streams a conversations JSONL file once, through the conversations reader's one pass (the same
 * line checks the reader and the run use), and reports what a run would accept. Memory grows with
 * the number of distinct conversation and user ids (needed to find duplicates and count users),
 * never with the size of the conversations.
 */
export interface InputValidationSummary {
  conversations: number;
  unique_users: number;
  messages: number;
  /** turns = user messages; 0 when there are no valid conversations */
  avg_turns: number;
  min_turns: number;
  max_turns: number;
}

export interface InputValidationReport {
  file: string;
  total_lines: number;
  non_empty_lines: number;
  valid_conversations: number;
  invalid_lines: number;
  unique_conversation_ids: number;
  /** lines whose conversation_id repeats an earlier line's (those lines are not valid) */
  duplicate_conversation_ids: number;
  summary: InputValidationSummary;
  errors: InputLineError[];
  /** errors beyond maxErrors, counted but not listed */
  errors_truncated: number;
  ok: boolean;
}

export interface ValidateInputOptions {
  maxErrors?: number;
}

export const defaultMaxValidationErrors = 100;

export async function validateInputFile(
  path: string,
  options: ValidateInputOptions = {},
): Promise<InputValidationReport> {
  const maxErrors = Math.max(0, options.maxErrors ?? defaultMaxValidationErrors);
  const users = new Set<string>();
  const errors: InputLineError[] = [];
  let errorsTruncated = 0;
  const addError = (error: InputLineError) => {
    if (errors.length < maxErrors) errors.push(error);
    else errorsTruncated += 1;
  };
  let totalLines = 0;
  let nonEmptyLines = 0;
  let valid = 0;
  let invalidLines = 0;
  let duplicates = 0;
  let messages = 0;
  let turnsTotal = 0;
  let minTurns = Number.POSITIVE_INFINITY;
  let maxTurns = 0;

  for await (const batch of readConversationLines(path)) {
    for (const item of batch) {
      totalLines = item.line;
      if (item.kind === "empty") continue;
      nonEmptyLines += 1;
      if (item.kind === "invalid") {
        invalidLines += 1;
        if (item.error.code === "duplicate_conversation_id") duplicates += 1;
        addError(item.error);
        continue;
      }
      // The checked conversation itself: its Trace (one step per message) is not built here,
      // which keeps checking a file as fast as reading it.
      const { conversation } = item;
      valid += 1;
      users.add(conversation.user_id);
      messages += conversation.messages.length;
      let turns = 0;
      for (const message of conversation.messages) if (message.role === "user") turns += 1;
      turnsTotal += turns;
      minTurns = Math.min(minTurns, turns);
      maxTurns = Math.max(maxTurns, turns);
    }
  }

  if (valid === 0) {
    addError({
      line_number: 0,
      code: "empty_dataset",
      message:
        nonEmptyLines === 0
          ? `${path} holds no conversations (${totalLines} line${totalLines === 1 ? "" : "s"}, all empty)`
          : `${path} holds no valid conversation (${nonEmptyLines} non-empty line${nonEmptyLines === 1 ? "" : "s"}, all invalid)`,
    });
  }

  return {
    file: path,
    total_lines: totalLines,
    non_empty_lines: nonEmptyLines,
    valid_conversations: valid,
    invalid_lines: invalidLines,
    // Every valid line holds a new id (a repeated one is an invalid line).
    unique_conversation_ids: valid,
    duplicate_conversation_ids: duplicates,
    summary: {
      conversations: valid,
      unique_users: users.size,
      messages,
      avg_turns: valid === 0 ? 0 : Math.round((turnsTotal / valid) * 100) / 100,
      min_turns: valid === 0 ? 0 : minTurns,
      max_turns: maxTurns,
    },
    errors,
    errors_truncated: errorsTruncated,
    ok: errors.length === 0 && errorsTruncated === 0,
  };
}
