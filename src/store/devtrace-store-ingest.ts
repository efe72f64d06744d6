import type { z } from "zod";
import { canonicalJson } from "../core/canonical-json.js";
import { TracemillError } from "../core/errors.js";
import type { CreateTraceRequest, DevtraceStatus } from "../sources/devtrace/events.js";
import type { IngestInput, SqlClient, StoredArtifact } from "./types.js";

/*
 * The devtrace catalog's ingest statement and the checks and helpers around it, for
 * createDevtraceStore (devtrace-store.ts).
 */

/**
 * One chunk in one statement (so one round trip and one implicit transaction): lock the trace
 * row, insert the chunk unless its id or idempotency key exists, and only when it was inserted
 * save its artifacts and add its events to the counter. The row lock serialises concurrent
 * ingests of one trace; under READ COMMITTED the lock returns the newest num_events, so
 * total_events is right even for chunks that waited. Parameters: $1 trace, $2 chunk id,
 * $3 chunk seq, $4 idempotency key, $5 events, $6 artifacts, $7 event count, $8 artifact count.
 */
export const ingestStatement = `
  WITH trace AS (
    SELECT status, num_events FROM devtraces WHERE trace_id = $1::text FOR UPDATE
  ),
  inserted AS (
    INSERT INTO devtrace_chunks (trace_id, chunk_id, chunk_seq, idempotency_key, events,
      artifacts, response)
    SELECT $1::text, $2::text, $3::int, $4::text, $5::jsonb, $6::jsonb,
      jsonb_build_object('status', 'accepted', 'chunk_id', $2::text, 'events_added', $7::int,
        'artifacts_added', $8::int, 'total_events', trace.num_events + $7::int)
    FROM trace WHERE trace.status IN ('created', 'ingesting')
    ON CONFLICT DO NOTHING
    RETURNING response
  ),
  artifacts_saved AS (
    INSERT INTO devtrace_artifacts (trace_id, key, type, event_id, sha256, bytes, mime_type)
    SELECT $1::text, a.key, a.type, a.event_id, a.sha256, a.bytes, a.mime_type
    FROM jsonb_to_recordset($6::jsonb)
      AS a(key text, type text, event_id text, sha256 text, bytes bigint, mime_type text)
    WHERE EXISTS (SELECT 1 FROM inserted)
    ON CONFLICT (trace_id, key) DO UPDATE SET type = EXCLUDED.type,
      event_id = EXCLUDED.event_id, sha256 = EXCLUDED.sha256, bytes = EXCLUDED.bytes,
      mime_type = EXCLUDED.mime_type, updated_at = clock_timestamp()
  ),
  counted AS (
    UPDATE devtraces SET num_events = num_events + $7::int, updated_at = clock_timestamp(),
      status = CASE WHEN status = 'created' THEN 'ingesting' ELSE status END
    WHERE trace_id = $1::text AND EXISTS (SELECT 1 FROM inserted)
  )
  SELECT (SELECT status FROM trace) AS status, (SELECT response FROM inserted) AS response`;

export function consentOf(request: CreateTraceRequest): {
  rationale: boolean;
  outputs: boolean;
  code: boolean;
  training: boolean;
} {
  const consent = request.consent ?? {};
  return {
    rationale: consent.rationale ?? true,
    outputs: consent.outputs ?? true,
    code: consent.code ?? true,
    training: consent.training ?? true,
  };
}

interface PreviousChunk {
  chunk_id: string;
  chunk_seq: number;
  idempotency_key: string | null;
  events: unknown;
  artifacts: unknown;
  response: unknown;
}

/** The first stored chunk with this chunk id or idempotency key, if either was seen. */
export async function findPreviousChunk(
  tx: SqlClient,
  traceId: string,
  input: IngestInput,
): Promise<PreviousChunk | undefined> {
  const { rows } = await tx.query<PreviousChunk>(
    `SELECT chunk_id, chunk_seq, idempotency_key, events, artifacts, response FROM devtrace_chunks
     WHERE trace_id = $1 AND (chunk_id = $2 OR idempotency_key = $3)
     ORDER BY received_at, chunk_seq LIMIT 1`,
    [traceId, input.chunkId, input.idempotencyKey ?? null],
  );
  return rows[0];
}

/**
 * A retry must carry what was stored the first time (the server clock aside); different content
 * under a seen chunk id or Idempotency-Key is a conflict, never a silent drop.
 */
export function checkSameChunk(previous: PreviousChunk, input: IngestInput): void {
  const stored = chunkContent(
    previous.chunk_id,
    previous.chunk_seq,
    previous.events,
    previous.artifacts,
  );
  const posted = chunkContent(input.chunkId, input.chunkSeq, input.events, input.artifacts);
  if (stored === posted) return;
  const by =
    previous.chunk_id === input.chunkId
      ? `chunk ${input.chunkId}`
      : `Idempotency-Key ${JSON.stringify(input.idempotencyKey)} (stored as chunk ${previous.chunk_id})`;
  throw new TracemillError(
    "conflict",
    `${by} was already stored with different content; send new events in a new chunk`,
    { details: { chunk_id: input.chunkId, stored_chunk_id: previous.chunk_id } },
  );
}

function chunkContent(
  chunkId: string,
  chunkSeq: number,
  events: unknown,
  artifacts: unknown,
): string {
  const withoutServerTime = (Array.isArray(events) ? events : []).map((event: unknown) => {
    if (typeof event !== "object" || event === null) return event;
    const { ts_server_s: _serverTime, ...rest } = event as Record<string, unknown>;
    return rest;
  });
  const sortedArtifacts = [...(Array.isArray(artifacts) ? artifacts : [])]
    .map((artifact: unknown) => canonicalJson(artifact))
    .sort();
  return canonicalJson({
    chunkId,
    chunkSeq,
    events: withoutServerTime,
    artifacts: sortedArtifacts,
  });
}

/** An event id or seq already stored in another chunk of the trace would fail sealing later. */
export async function checkNoDuplicateEvents(
  tx: SqlClient,
  traceId: string,
  input: IngestInput,
): Promise<void> {
  if (input.events.length === 0) return;
  const { rows } = await tx.query<{
    chunk_id: string;
    id: string | null;
    seq: string | null;
    id_hit: boolean;
  }>(
    `SELECT c.chunk_id, e->>'id' AS id, e->>'seq' AS seq, (e->>'id') = ANY($2::text[]) AS id_hit
     FROM devtrace_chunks c, jsonb_array_elements(c.events) e
     WHERE c.trace_id = $1 AND ((e->>'id') = ANY($2::text[]) OR (e->>'seq') = ANY($3::text[]))
     LIMIT 20`,
    [
      traceId,
      input.events.map((event) => event.id),
      input.events.map((event) => String(event.seq)),
    ],
  );
  if (rows.length === 0) return;
  const ids = rows.filter((row) => row.id_hit).map((row) => `${row.id} (in chunk ${row.chunk_id})`);
  const seqs = rows
    .filter((row) => !row.id_hit)
    .map((row) => `${row.seq} (in chunk ${row.chunk_id})`);
  const parts = [
    ...(ids.length > 0 ? [`event ids already stored: ${ids.join(", ")}`] : []),
    ...(seqs.length > 0 ? [`seqs already stored: ${seqs.join(", ")}`] : []),
  ];
  throw new TracemillError("conflict", `chunk ${input.chunkId}: ${parts.join("; ")}`, {
    details: {
      chunk_id: input.chunkId,
      duplicate_ids: rows.filter((row) => row.id_hit).map((row) => row.id),
      duplicate_seqs: rows.filter((row) => !row.id_hit).map((row) => Number(row.seq)),
    },
  });
}

/** All artifacts in one statement, however many; a key stored before keeps the latest. */
export async function upsertArtifacts(
  sql: SqlClient,
  traceId: string,
  artifacts: StoredArtifact[],
): Promise<void> {
  await sql
    .query(
      `INSERT INTO devtrace_artifacts (trace_id, key, type, event_id, sha256, bytes, mime_type)
       SELECT $1, a.key, a.type, a.event_id, a.sha256, a.bytes, a.mime_type
       FROM jsonb_to_recordset($2::jsonb)
         AS a(key text, type text, event_id text, sha256 text, bytes bigint, mime_type text)
       ON CONFLICT (trace_id, key) DO UPDATE SET type = EXCLUDED.type,
         event_id = EXCLUDED.event_id, sha256 = EXCLUDED.sha256, bytes = EXCLUDED.bytes,
         mime_type = EXCLUDED.mime_type, updated_at = clock_timestamp()`,
      [traceId, JSON.stringify(artifacts)],
    )
    .catch((error: unknown) => {
      if (errorCode(error) === "23503") throw unknownTrace(traceId);
      throw describeWriteError(error, `artifacts of trace ${traceId}`);
    });
}

export async function currentStatus(sql: SqlClient, traceId: string): Promise<DevtraceStatus> {
  const { rows } = await sql.query<{ status: DevtraceStatus }>(
    "SELECT status FROM devtraces WHERE trace_id = $1",
    [traceId],
  );
  if (rows[0] === undefined) throw unknownTrace(traceId);
  return rows[0].status;
}

export function unknownTrace(traceId: string): TracemillError {
  return new TracemillError("not_found", `trace ${traceId} does not exist`);
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * jsonb refuses a NUL character (\u0000) in a string; that is the client's data, not our
 * failure, so it becomes input_invalid naming what was being written.
 */
export function describeWriteError(error: unknown, what: string): unknown {
  if (error instanceof TracemillError) return error;
  const code = errorCode(error);
  if (code === "22P05" || code === "22021") {
    return new TracemillError(
      "input_invalid",
      `${what}: text contains a character Postgres cannot store (such as \\u0000)`,
      { cause: error },
    );
  }
  return error;
}

export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new TracemillError(
      "input_invalid",
      `${what}: ${issue?.path.join(".") || "value"}: ${issue?.message ?? "invalid"}`,
    );
  }
  return result.data;
}
