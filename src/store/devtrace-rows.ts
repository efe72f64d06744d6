import { z } from "zod";
import { TracemillError } from "../core/errors.js";
import type { Trace } from "../core/trace.js";
import {
  devtraceStatuses,
  type IngestResponse,
  ingestResponseSchema,
} from "../sources/devtrace/events.js";
import type { DevtraceQa, DevtraceRecord, StoredArtifact, StoredChunk } from "./types.js";

/**
 * Rows as both drivers return them, parsed into the store's records. pg gives bigint as a
 * string and PGlite as a number; both give timestamptz as a Date. Chunk events and the sealed
 * trace are not re-validated here: they were validated before they were stored and re-parsing
 * every event on every read would cost more than the read itself.
 */
const timestamp = z.union([z.date(), z.string()]).transform((value) => toIso(value));
const optionalText = z
  .string()
  .nullable()
  .transform((value) => value ?? undefined);
const count = z.union([z.number(), z.string()]).transform(Number);

const traceRowSchema = z.object({
  trace_id: z.string(),
  participant_id: z.string(),
  task_id: z.string(),
  task_title: z.string(),
  task_description: optionalText,
  repo_origin: optionalText,
  start_commit: optionalText,
  known_failing_tests: z
    .array(z.string())
    .nullable()
    .transform((value) => value ?? undefined),
  consent: z.object({
    rationale: z.boolean(),
    outputs: z.boolean(),
    code: z.boolean(),
    training: z.boolean(),
  }),
  status: z.enum(devtraceStatuses),
  failure_reason: optionalText,
  created_at: timestamp,
  updated_at: timestamp,
  completed_at: z
    .union([z.date(), z.string()])
    .nullable()
    .transform((value) => (value === null ? undefined : toIso(value))),
  num_events: count,
  job_id: optionalText,
  upload_token_sha256: z.string(),
  upload_token_expires_at: timestamp,
  upload_token_revoked: z.boolean(),
});

const artifactRowSchema = z.object({
  key: z.string(),
  type: z.string(),
  event_id: optionalText,
  sha256: z.string(),
  bytes: count,
  mime_type: optionalText,
});

const chunkRowSchema = z.object({
  chunk_id: z.string(),
  chunk_seq: count,
  idempotency_key: optionalText,
  events: z.array(z.unknown()),
  artifacts: z.array(z.unknown()),
  received_at: timestamp,
});

const qaRowSchema = z.object({
  validation: z.record(z.string(), z.unknown()).nullable(),
  judge: z.record(z.string(), z.unknown()).nullable(),
});

export function toIso(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

export function parseTraceRow(row: unknown): DevtraceRecord {
  return withoutUndefined(parseRow(traceRowSchema, row, "devtraces"));
}

export function parseArtifactRow(row: unknown): StoredArtifact {
  return withoutUndefined(parseRow(artifactRowSchema, row, "devtrace_artifacts"));
}

export function parseChunkRow(row: unknown): StoredChunk {
  const parsed = parseRow(chunkRowSchema, row, "devtrace_chunks");
  return withoutUndefined({
    ...parsed,
    events: parsed.events as StoredChunk["events"],
    artifacts: parsed.artifacts as StoredArtifact[],
  });
}

export function parseIngestResponse(value: unknown): IngestResponse {
  return parseRow(ingestResponseSchema, value, "devtrace_chunks.response");
}

export function parseQaRow(row: unknown): DevtraceQa {
  const parsed = parseRow(qaRowSchema, row, "devtrace_qa");
  const qa: DevtraceQa = {};
  if (parsed.validation !== null)
    qa.validation = parsed.validation as unknown as DevtraceQa["validation"];
  if (parsed.judge !== null) qa.judge = parsed.judge as unknown as DevtraceQa["judge"];
  return qa;
}

export function parseSealedTrace(value: unknown): Trace {
  if (typeof value !== "object" || value === null) {
    throw new TracemillError("internal", "devtrace_sealed.trace: stored value is not an object");
  }
  return value as Trace;
}

function parseRow<S extends z.ZodType>(schema: S, row: unknown, table: string): z.infer<S> {
  const result = schema.safeParse(row);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new TracemillError(
      "internal",
      `${table}: stored row does not match the catalog schema at ${issue?.path.join(".") ?? "?"}: ${issue?.message ?? "invalid"}`,
    );
  }
  return result.data;
}

/** Optional members absent rather than undefined, so records compare and serialise cleanly. */
function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}
