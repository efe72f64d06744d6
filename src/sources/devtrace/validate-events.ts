import type { z } from "zod";
import {
  cmdRunEventSchema,
  commitEventSchema,
  type DevtraceEvent,
  type DevtraceEventType,
  devtraceEventTypes,
  fileEditEventSchema,
  rationaleNoteEventSchema,
  testRunEventSchema,
} from "./events.js";

/**
 * Validates the events of one chunk one by one, so the server can answer 422 naming the event
 * index, its id and the field ("events[3].exit_code: expected integer"). Duplicate ids or seqs
 * inside the chunk are errors too; duplicates across chunks are caught when the trace is sealed.
 */
export interface ChunkEventError {
  index: number;
  event_id?: string;
  message: string;
}

export interface ChunkValidation {
  events: DevtraceEvent[];
  errors: ChunkEventError[];
}

const schemaByType: Record<DevtraceEventType, z.ZodType<DevtraceEvent>> = {
  file_edit: fileEditEventSchema,
  cmd_run: cmdRunEventSchema,
  test_run: testRunEventSchema,
  commit: commitEventSchema,
  rationale_note: rationaleNoteEventSchema,
};

/** At most this many field errors are reported per event; the first ones are what a client fixes. */
const maxIssuesPerEvent = 5;

export function validateChunkEvents(events: unknown[]): ChunkValidation {
  const valid: DevtraceEvent[] = [];
  const errors: ChunkEventError[] = [];
  const idsSeen = new Map<string, number>();
  const seqsSeen = new Map<number, number>();

  events.forEach((raw, index) => {
    const where = `events[${index}]`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      errors.push({ index, message: `${where}: expected an object, got ${describe(raw)}` });
      return;
    }
    const record = raw as Record<string, unknown>;
    const eventId = typeof record.id === "string" ? record.id : undefined;
    const type = record.type;
    if (typeof type !== "string") {
      errors.push({
        index,
        event_id: eventId,
        message: `${where}.type: expected one of ${devtraceEventTypes.join(", ")}`,
      });
      return;
    }
    if (!isEventType(type)) {
      errors.push({
        index,
        event_id: eventId,
        message: `${where}.type: unknown event type '${truncate(type, 60)}' (known: ${devtraceEventTypes.join(", ")})`,
      });
      return;
    }
    const schema = schemaByType[type];
    const parsed = schema.safeParse(dropNullOptionals(record, schema), { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, maxIssuesPerEvent)) {
        errors.push({ index, event_id: eventId, message: describeIssue(where, issue) });
      }
      return;
    }
    const event = parsed.data;
    const previousId = idsSeen.get(event.id);
    const previousSeq = seqsSeen.get(event.seq);
    if (previousId !== undefined) {
      errors.push({
        index,
        event_id: event.id,
        message: `${where}.id: duplicate event id '${event.id}' (also events[${previousId}])`,
      });
    }
    if (previousSeq !== undefined) {
      errors.push({
        index,
        event_id: event.id,
        message: `${where}.seq: duplicate seq ${event.seq} (also events[${previousSeq}])`,
      });
    }
    if (previousId !== undefined || previousSeq !== undefined) return;
    idsSeen.set(event.id, index);
    seqsSeen.set(event.seq, index);
    valid.push(event);
  });

  return { events: valid, errors };
}

function isEventType(type: string): type is DevtraceEventType {
  return (devtraceEventTypes as readonly string[]).includes(type);
}

/**
 * Python clients serialise absent optionals as null (pydantic's model_dump); an explicit null in an
 * optional field means "absent", so it is dropped instead of refused.
 */
function dropNullOptionals(
  record: Record<string, unknown>,
  schema: z.ZodType<DevtraceEvent>,
): Record<string, unknown> {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  if (shape === undefined) return record;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const member = shape[key];
    if (value === null && member !== undefined && member.safeParse(undefined).success) continue;
    result[key] = value;
  }
  return result;
}

function describeIssue(where: string, issue: z.core.$ZodIssue): string {
  const path = issue.path.reduce<string>(
    (text, part) => (typeof part === "number" ? `${text}[${part}]` : `${text}.${String(part)}`),
    where,
  );
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => `${path}.${key}: unknown field '${key}'`).join("; ");
    case "invalid_type":
      return `${path}: expected ${issue.expected === "int" ? "integer" : issue.expected}${issue.input === undefined ? " (required)" : `, got ${describe(issue.input)}`}`;
    default:
      return `${path}: ${issue.message}`;
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && !Number.isInteger(value)) return `number ${value}`;
  return typeof value;
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length)}…`;
}
