import { z } from "zod";
import { TracemillError } from "../core/errors.js";
import {
  createTraceRequestSchema,
  type DevtraceStatus,
  devtraceStatuses,
} from "../sources/devtrace/events.js";
import { listPageStatement, outlinePageStatement, parseListedRow } from "./devtrace-list.js";
import {
  parseArtifactRow,
  parseChunkRow,
  parseIngestResponse,
  parseQaRow,
  parseSealedTrace,
  parseTraceRow,
} from "./devtrace-rows.js";
import { devtraceMigrations } from "./devtrace-schema.js";
import {
  checkNoDuplicateEvents,
  checkSameChunk,
  consentOf,
  currentStatus,
  describeWriteError,
  errorCode,
  findPreviousChunk,
  ingestStatement,
  parseInput,
  unknownTrace,
  upsertArtifacts,
} from "./devtrace-store-ingest.js";
import { runMigrations } from "./migrations.js";
import type { DevtraceStore, ListTracesQuery, SqlClient } from "./types.js";

const listQuerySchema = z.object({
  status: z.enum(devtraceStatuses).optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});
const statusSchema = z.enum(devtraceStatuses);

function pageParameters(query: ListTracesQuery): unknown[] {
  const { status, limit, offset } = parseInput(listQuerySchema, query, "list traces query");
  return [status ?? null, limit, offset];
}

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
      const { rows } = await sql.query(listPageStatement, pageParameters(query));
      return rows.map(parseTraceRow);
    },

    async listTracesWithOutline(query: ListTracesQuery) {
      const { rows } = await sql.query(outlinePageStatement, pageParameters(query));
      return rows.map(parseListedRow);
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
