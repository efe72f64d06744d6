import { z } from "zod";
import { canonicalJson } from "../core/canonical-json.js";
import { TracemillError } from "../core/errors.js";
import {
  type CreateTraceRequest,
  createTraceRequestSchema,
  type DevtraceStatus,
  devtraceStatuses,
} from "../sources/devtrace/events.js";
import {
  parseArtifactRow,
  parseChunkRow,
  parseIngestResponse,
  parseQaRow,
  parseSealedTrace,
  parseTraceRow,
} from "./devtrace-rows.js";
import { devtraceMigrations } from "./devtrace-schema.js";
import { runMigrations } from "./migrations.js";
import type {
  DevtraceStore,
  IngestInput,
  ListTracesQuery,
  SqlClient,
  StoredArtifact,
} from "./types.js";

const listQuerySchema = z.object({
  status: z.enum(devtraceStatuses).optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});
const statusSchema = z.enum(devtraceStatuses);

/** The devtrace catalog in one SQL dialect, shared by PGlite and Postgres. */
export function createDevtraceStore(sql: SqlClient): DevtraceStore {
  return {
    async migrate() {
      await runMigrations(sql, devtraceMigrations);
    },

    async createTrace(request, upload) {
      const parsed = parseInput(createTraceRequestSchema, request, "create trace request");
      const { rows } = await sql.query(
        `INSERT INTO devtraces (trace_id, participant_id, task_id, task_title, task_description,
           repo_origin, start_commit, known_failing_tests, consent, status, upload_token_sha256,
           upload_token_expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, 'created', $10, $11::timestamptz)
         ON CONFLICT (trace_id) DO NOTHING
         RETURNING *`,
        [
          upload.traceId,
          parsed.participant_id,
          parsed.task_id,
          parsed.task_title,
          parsed.task_description ?? null,
          parsed.repo_origin ?? null,
          parsed.start_commit ?? null,
          parsed.known_failing_tests === undefined
            ? null
            : JSON.stringify(parsed.known_failing_tests),
          JSON.stringify(consentOf(parsed)),
          upload.tokenSha256,
          upload.expiresAt.toISOString(),
        ],
      );
      if (rows[0] === undefined) {
        throw new TracemillError("conflict", `trace ${upload.traceId} already exists`);
      }
      return parseTraceRow(rows[0]);
    },

    async getTrace(traceId) {
      const { rows } = await sql.query("SELECT * FROM devtraces WHERE trace_id = $1", [traceId]);
      return rows[0] === undefined ? undefined : parseTraceRow(rows[0]);
    },

    async listTraces(query: ListTracesQuery) {
      const { status, limit, offset } = parseInput(listQuerySchema, query, "list traces query");
      const { rows } = await sql.query(
        `SELECT * FROM devtraces WHERE ($1::text IS NULL OR status = $1)
         ORDER BY created_at DESC, trace_id DESC LIMIT $2 OFFSET $3`,
        [status ?? null, limit, offset],
      );
      return rows.map(parseTraceRow);
    },

    ingestChunk(traceId, input) {
      return sql
        .transaction(async (tx) => {
          // The row lock first: every check below then sees all chunks committed before it.
          const { rows: locked } = await tx.query<{ status: DevtraceStatus }>(
            "SELECT status FROM devtraces WHERE trace_id = $1 FOR UPDATE",
            [traceId],
          );
          const previous = await findPreviousChunk(tx, traceId, input);
          if (previous !== undefined) {
            checkSameChunk(previous, input);
            return { replayed: true, response: parseIngestResponse(previous.response) };
          }
          const status = locked[0]?.status;
          if (status === undefined) throw unknownTrace(traceId);
          if (status !== "created" && status !== "ingesting") {
            throw new TracemillError(
              "conflict",
              `trace ${traceId} is ${status}: chunk ${input.chunkId} cannot be added`,
            );
          }
          await checkNoDuplicateEvents(tx, traceId, input);
          const { rows } = await tx.query<{ response: unknown }>(ingestStatement, [
            traceId,
            input.chunkId,
            input.chunkSeq,
            input.idempotencyKey ?? null,
            JSON.stringify(input.events),
            JSON.stringify(input.artifacts),
            input.events.length,
            input.artifacts.length,
          ]);
          const response = rows[0]?.response;
          if (response === null || response === undefined) {
            throw new TracemillError(
              "internal",
              `chunk ${input.chunkId} of trace ${traceId} was not stored`,
            );
          }
          return { replayed: false, response: parseIngestResponse(response) };
        })
        .catch((error: unknown) => {
          if (error instanceof TracemillError) throw error;
          throw describeWriteError(error, `chunk ${input.chunkId} of trace ${traceId}`);
        });
    },

    async abandonTrace(traceId, reason) {
      const { rows } = await sql.query(
        `UPDATE devtraces SET status = 'failed', failure_reason = $2, upload_token_revoked = true,
           updated_at = clock_timestamp()
         WHERE trace_id = $1 AND status IN ('created', 'ingesting') RETURNING *`,
        [traceId, reason],
      );
      if (rows[0] !== undefined) return parseTraceRow(rows[0]);
      const current = await currentStatus(sql, traceId);
      throw new TracemillError(
        "conflict",
        `trace ${traceId} is ${current}; only a created or ingesting trace can be abandoned`,
      );
    },

    async listChunks(traceId) {
      const { rows } = await sql.query(
        `SELECT chunk_id, chunk_seq, idempotency_key, events, artifacts, received_at
         FROM devtrace_chunks WHERE trace_id = $1 ORDER BY chunk_seq, chunk_id`,
        [traceId],
      );
      return rows.map(parseChunkRow);
    },

    async putArtifact(traceId, artifact) {
      await upsertArtifacts(sql, traceId, [artifact]);
    },

    async listArtifacts(traceId) {
      const { rows } = await sql.query(
        `SELECT key, type, event_id, sha256, bytes, mime_type FROM devtrace_artifacts
         WHERE trace_id = $1 ORDER BY key`,
        [traceId],
      );
      return rows.map(parseArtifactRow);
    },

    completeTrace(traceId, sealed) {
      return sql.transaction(async (tx) => {
        const { rows } = await tx.query(
          `UPDATE devtraces SET status = 'completed', completed_at = clock_timestamp(),
             updated_at = clock_timestamp(), num_events = $2, job_id = $3,
             upload_token_revoked = true
           WHERE trace_id = $1 AND status IN ('created', 'ingesting') AND num_events = $2
           RETURNING *`,
          [traceId, sealed.numEvents, sealed.jobId],
        );
        if (rows[0] === undefined) {
          const current = await currentStatus(tx, traceId);
          // A chunk stored after the caller read the chunks would never be sealed: refuse.
          if (current === "created" || current === "ingesting") {
            throw new TracemillError(
              "conflict",
              `trace ${traceId} received events while it was being completed (sealed ${sealed.numEvents}); complete it again`,
            );
          }
          throw new TracemillError(
            "conflict",
            `trace ${traceId} is ${current}: only a created or ingesting trace can be completed`,
          );
        }
        await tx
          .query(
            `INSERT INTO devtrace_sealed (trace_id, trace) VALUES ($1, $2::jsonb)
             ON CONFLICT (trace_id) DO UPDATE SET trace = EXCLUDED.trace`,
            [traceId, JSON.stringify(sealed.trace)],
          )
          .catch((error: unknown) => {
            throw describeWriteError(error, `sealed trace ${traceId}`);
          });
        return parseTraceRow(rows[0]);
      });
    },

    async getSealedTrace(traceId) {
      const { rows } = await sql.query<{ trace: unknown }>(
        "SELECT trace FROM devtrace_sealed WHERE trace_id = $1",
        [traceId],
      );
      return rows[0] === undefined ? undefined : parseSealedTrace(rows[0].trace);
    },

    async setStatus(traceId, status, reason) {
      const checked = parseInput(statusSchema, status, "status");
      const { rows } = await sql.query(
        `UPDATE devtraces SET status = $2, failure_reason = $3, updated_at = clock_timestamp()
         WHERE trace_id = $1 RETURNING trace_id`,
        [traceId, checked, reason ?? null],
      );
      if (rows.length === 0) throw unknownTrace(traceId);
    },

    async saveQa(traceId, qa) {
      await sql
        .query(
          `INSERT INTO devtrace_qa (trace_id, validation, judge) VALUES ($1, $2::jsonb, $3::jsonb)
           ON CONFLICT (trace_id) DO UPDATE SET
             validation = COALESCE(EXCLUDED.validation, devtrace_qa.validation),
             judge = COALESCE(EXCLUDED.judge, devtrace_qa.judge),
             updated_at = clock_timestamp()`,
          [
            traceId,
            qa.validation === undefined ? null : JSON.stringify(qa.validation),
            qa.judge === undefined ? null : JSON.stringify(qa.judge),
          ],
        )
        .catch((error: unknown) => {
          if (errorCode(error) === "23503") throw unknownTrace(traceId);
          throw describeWriteError(error, `qa of trace ${traceId}`);
        });
    },

    async getQa(traceId) {
      const { rows } = await sql.query(
        `SELECT q.validation, q.judge FROM devtraces d
         LEFT JOIN devtrace_qa q ON q.trace_id = d.trace_id WHERE d.trace_id = $1`,
        [traceId],
      );
      if (rows[0] === undefined) throw unknownTrace(traceId);
      return parseQaRow(rows[0]);
    },

    async pruneOlderThan(before) {
      const { rows } = await sql.query<{ trace_id: string }>(
        "DELETE FROM devtraces WHERE created_at < $1::timestamptz RETURNING trace_id",
        [before.toISOString()],
      );
      return rows.map((row) => row.trace_id).sort();
    },
  };
}

/**
 * One chunk in one statement (so one round trip and one implicit transaction): lock the trace
 * row, insert the chunk unless its id or idempotency key exists, and only when it was inserted
 * save its artifacts and add its events to the counter. The row lock serialises concurrent
 * ingests of one trace; under READ COMMITTED the lock returns the newest num_events, so
 * total_events is right even for chunks that waited. Parameters: $1 trace, $2 chunk id,
 * $3 chunk seq, $4 idempotency key, $5 events, $6 artifacts, $7 event count, $8 artifact count.
 */
const ingestStatement = `
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

function consentOf(request: CreateTraceRequest): {
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
async function findPreviousChunk(
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
function checkSameChunk(previous: PreviousChunk, input: IngestInput): void {
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
async function checkNoDuplicateEvents(
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
async function upsertArtifacts(
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

async function currentStatus(sql: SqlClient, traceId: string): Promise<DevtraceStatus> {
  const { rows } = await sql.query<{ status: DevtraceStatus }>(
    "SELECT status FROM devtraces WHERE trace_id = $1",
    [traceId],
  );
  if (rows[0] === undefined) throw unknownTrace(traceId);
  return rows[0].status;
}

function unknownTrace(traceId: string): TracemillError {
  return new TracemillError("not_found", `trace ${traceId} does not exist`);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * jsonb refuses a NUL character (\u0000) in a string; that is the client's data, not our
 * failure, so it becomes input_invalid naming what was being written.
 */
function describeWriteError(error: unknown, what: string): unknown {
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

function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
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
