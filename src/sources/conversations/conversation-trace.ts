import { canonicalJson } from "../../core/canonical-json.js";
import { TracemillError } from "../../core/errors.js";
import { sha256Hex } from "../../core/hash.js";
import { type SourceFile, type Step, type Trace, traceSchemaId } from "../../core/trace.js";
import {
  type Conversation,
  type ConversationRole,
  conversationRoles,
  conversationSchema,
} from "../../insights/input/conversation.js";
import { sourceTraceId } from "../source-trace-id.js";

/**
 * A conversation (the insights JSONL contract) as a Trace of kind "conversation" and back: one
 * message step per message, in order, with the message's role as the actor; the conversation id
 * is the task id, the user id the actor id; timestamp, schema version and metadata ride in
 * `meta`. `traceToConversation(conversationToTrace(c))` equals `c`.
 */
export const conversationSourceFormat = "conversation-jsonl";

export interface ConversationOrigin {
  /** The file the conversation was read from, as named in step origins. */
  file: string;
  /** Its 1-based line in that file. */
  line?: number;
  /** The whole input file, for provenance; the conversation's own content when absent. */
  sourceFile?: SourceFile;
}

export function conversationToTrace(conversation: Conversation, origin: ConversationOrigin): Trace {
  const content = canonicalJson(conversation);
  const own: SourceFile = {
    path: origin.file,
    sha256: sha256Hex(content),
    bytes: Buffer.byteLength(content, "utf8"),
  };
  const where =
    origin.line === undefined ? { file: origin.file } : { file: origin.file, line: origin.line };
  const steps: Step[] = conversation.messages.map((message, index) => ({
    index,
    t: 0,
    actor: message.role,
    kind: "message",
    text: message.content,
    origin: where,
  }));
  return {
    schema: traceSchemaId,
    // From the conversation's own content: other lines of the file changing do not move it.
    id: sourceTraceId(conversationSourceFormat, conversation.conversation_id, [own]),
    kind: "conversation",
    source: { format: conversationSourceFormat, files: [origin.sourceFile ?? own] },
    task: { id: conversation.conversation_id },
    actor: { id: conversation.user_id },
    steps,
    media: [],
    meta: {
      timestamp: conversation.timestamp,
      schema_version: conversation.schema_version,
      ...(conversation.metadata === undefined ? {} : { metadata: conversation.metadata }),
    },
  };
}

export function traceToConversation(trace: Trace): Conversation {
  if (trace.kind !== "conversation")
    throw new TracemillError(
      "input_invalid",
      `trace ${trace.id} is a ${trace.kind} trace, not a conversation`,
    );
  const messages = trace.steps
    .filter((step) => step.kind === "message")
    .map((step) => ({ role: roleOf(step, trace.id), content: step.text ?? "" }));
  const parsed = conversationSchema.safeParse({
    conversation_id: trace.task?.id,
    user_id: trace.actor?.id,
    timestamp: trace.meta.timestamp,
    messages,
    schema_version: trace.meta.schema_version,
    ...(trace.meta.metadata === undefined ? {} : { metadata: trace.meta.metadata }),
  });
  if (!parsed.success)
    throw new TracemillError(
      "input_invalid",
      `trace ${trace.id} is not a valid conversation: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
  return parsed.data;
}

function roleOf(step: Step, traceId: string): ConversationRole {
  const role = conversationRoles.find((candidate) => candidate === step.actor);
  if (role === undefined)
    throw new TracemillError(
      "input_invalid",
      `trace ${traceId} step ${step.index}: actor ${step.actor} is not a conversation role`,
    );
  return role;
}
