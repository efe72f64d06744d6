import type { z } from "zod";
import {
  cmdRunEventSchema,
  codeChangeEventSchema,
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
 * inside the chunk are errors too; duplicates across chunks are refused by the store at ingest.
 * Unknown top-level fields on a known event type are kept as sent (the reference server stores
 * them) unless `strict` is set; known fields keep their types either way.
 */
export interface ValidateChunkOptions {
  /** Refuse unknown fields (`serve --strict-events`). Default false: keep them. */
  strict?: boolean;
}

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
  code_change: codeChangeEventSchema,
};

/** At most this many field errors are reported per event; the first ones are what a client fixes. */
const maxIssuesPerEvent = 5;

export function validateChunkEvents(
  events: unknown[],
  options: ValidateChunkOptions = {},
): ChunkValidation {
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
    const known = knownEventFields(type);
    const cleaned = dropNullOptionals(record, schema);
    const extras = options.strict ? {} : unknownFields(cleaned, known);
    const parsed = schema.safeParse(withoutKeys(cleaned, extras), { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, maxIssuesPerEvent)) {
        errors.push({ index, event_id: eventId, message: describeIssue(where, issue) });
      }
      return;
    }
    // Extras go after the parsed fields, so they can never replace a known field.
    const event = { ...extras, ...parsed.data } as DevtraceEvent;
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

/** The fields the wire format defines for an event type; anything else is an extra. */
export function knownEventFields(type: DevtraceEventType): ReadonlySet<string> {
  return knownFieldsByType[type];
}

const knownFieldsByType = Object.fromEntries(
  devtraceEventTypes.map((type) => [
    type,
    new Set(Object.keys((schemaByType[type] as unknown as { shape: object }).shape)),
  ]),
) as unknown as Record<DevtraceEventType, ReadonlySet<string>>;

function unknownFields(
  record: Record<string, unknown>,
  known: ReadonlySet<string>,
): Record<string, unknown> {
  const extras: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record))
    if (!known.has(key)) define(extras, key, value);
  return extras;
}

function withoutKeys(
  record: Record<string, unknown>,
  drop: Record<string, unknown>,
): Record<string, unknown> {
  if (Object.keys(drop).length === 0) return record;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!Object.hasOwn(drop, key)) define(result, key, value);
  }
  return result;
}

/** A plain own property even for a key like `__proto__` (JSON.parse makes those own keys too). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
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
    const member = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (value === null && member !== undefined && member.safeParse(undefined).success) continue;
    define(result, key, value);
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
