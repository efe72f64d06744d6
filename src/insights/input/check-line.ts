import type { z } from "zod";
import { type Conversation, conversationSchema } from "./conversation.js";

/** One JSONL line judged against the input contract; shared by validation and reading. */
export const inputErrorCodes = [
  "invalid_json",
  "non_object_line",
  "schema_validation_failed",
  "duplicate_conversation_id",
  "empty_dataset",
] as const;
export type InputErrorCode = (typeof inputErrorCodes)[number];

export interface InputLineError {
  line_number: number;
  code: InputErrorCode;
  message: string;
}

export type LineVerdict =
  | { kind: "empty" }
  | { kind: "invalid"; error: InputLineError; conversationId?: string }
  | { kind: "valid"; conversation: Conversation };

const maxIssuesInMessage = 3;

/**
 * `seenIds` is updated with every schema-valid conversation id, so a later line repeating it is
 * reported as a duplicate and the first occurrence wins.
 */
export function checkLine(text: string, lineNumber: number, seenIds: Set<string>): LineVerdict {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { kind: "empty" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return invalid(lineNumber, "invalid_json", `line ${lineNumber}: not valid JSON (${reason})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    const kind = parsed === null ? "null" : Array.isArray(parsed) ? "an array" : typeof parsed;
    return invalid(
      lineNumber,
      "non_object_line",
      `line ${lineNumber}: expected a JSON object (one conversation), got ${kind}`,
    );
  }
  const result = conversationSchema.safeParse(parsed);
  if (!result.success) {
    const id = (parsed as { conversation_id?: unknown }).conversation_id;
    const named = typeof id === "string" && id.length > 0 ? ` (conversation_id ${id})` : "";
    return invalid(
      lineNumber,
      "schema_validation_failed",
      `line ${lineNumber}${named}: ${describeSchemaIssues(result.error)}`,
    );
  }
  const conversation = result.data;
  if (seenIds.has(conversation.conversation_id)) {
    return {
      ...invalid(
        lineNumber,
        "duplicate_conversation_id",
        `line ${lineNumber}: conversation_id "${conversation.conversation_id}" already appeared on an earlier line; this line is skipped`,
      ),
      conversationId: conversation.conversation_id,
    };
  }
  seenIds.add(conversation.conversation_id);
  return { kind: "valid", conversation };
}

function invalid(
  lineNumber: number,
  code: InputErrorCode,
  message: string,
): { kind: "invalid"; error: InputLineError } {
  return { kind: "invalid", error: { line_number: lineNumber, code, message } };
}

/** "messages[2].role: …; timestamp: …" — the field path first, so the fix is obvious. */
export function describeSchemaIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, maxIssuesInMessage).map((issue) => {
    const path = formatPath(issue.path);
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")} (not part of the input contract)`
        : issue.message;
    return path === "" ? message : `${path}: ${message}`;
  });
  const more = error.issues.length - maxIssuesInMessage;
  return more > 0 ? `${parts.join("; ")}; and ${more} more` : parts.join("; ");
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}
