import type { Readable } from "node:stream";
import type { Trace } from "../core/trace.js";
import type { DevtraceJudgement } from "../grade/devtrace-judge-types.js";
import type { SealedOutline } from "../sources/devtrace/completeness.js";
import type {
  CreateTraceRequest,
  DevtraceEvent,
  DevtraceStatus,
  IngestResponse,
} from "../sources/devtrace/events.js";
import type { VerifyResult } from "../verify/types.js";

/**
 * Contracts of src/store. One SQL dialect (Postgres): PGlite embedded in a folder by default,
 * a Postgres server with --db postgres://…. Blobs: a folder by default, S3 with --blobs s3://….
 * Each interface has one conformance suite run against every implementation.
 */

/** The SQL door both PGlite and pg implement. Parameters are $1, $2 … */
export interface SqlClient {
  readonly dialect: "pglite" | "postgres";
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Several statements, no parameters; rows of the last statement that returns rows (what
   * node-postgres answers). pg-boss on PGlite sends its migrations this way.
   */
  execRows?(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
  /** Set for a Postgres server, so pg-boss can open its own pool on the same database. */
  readonly connectionString?: string;
  /** Runs fn in one transaction (BEGIN … COMMIT, ROLLBACK on throw) on one connection. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DevtraceRecord {
  trace_id: string;
  participant_id: string;
  task_id: string;
  task_title: string;
  task_description?: string;
  repo_origin?: string;
  start_commit?: string;
  known_failing_tests?: string[];
  consent: { rationale: boolean; outputs: boolean; code: boolean; training: boolean };
  status: DevtraceStatus;
  failure_reason?: string;
  created_at: string;
  updated_at: string;
  completed_at?: string;
  num_events: number;
  job_id?: string;
  /** sha256 of the upload token; the token itself is never stored. */
  upload_token_sha256: string;
  upload_token_expires_at: string;
  upload_token_revoked: boolean;
}

export interface StoredArtifact {
  key: string;
  type: string;
  event_id?: string;
  sha256: string;
  bytes: number;
  mime_type?: string;
}

export interface StoredChunk {
  chunk_id: string;
  chunk_seq: number;
  idempotency_key?: string;
  events: DevtraceEvent[];
  artifacts: StoredArtifact[];
  received_at: string;
}

export interface IngestInput {
  chunkId: string;
  chunkSeq: number;
  idempotencyKey?: string;
  /** Already validated, redacted, consent-filtered, with ts_server_s set. */
  events: DevtraceEvent[];
  /** Already written to the blob store. */
  artifacts: StoredArtifact[];
}

export interface IngestOutcome {
  /** true when the chunk id or idempotency key was seen before: nothing was added. */
  replayed: boolean;
  response: IngestResponse;
}

export interface DevtraceQa {
  validation?: VerifyResult;
  judge?: DevtraceJudgement;
}

export interface ListTracesQuery {
  status?: DevtraceStatus;
  limit?: number;
  offset?: number;
}

/** One row of listTracesWithOutline: a record with what its status reading needs. */
export interface ListedTrace {
  record: DevtraceRecord;
  qa: DevtraceQa;
  /** Present once the trace is sealed: its outline, not its events (see SealedOutline). */
  sealed?: SealedOutline;
}

/** The devtrace catalog, written once in SQL over SqlClient so PGlite and Postgres share it. */
export interface DevtraceStore {
  migrate(): Promise<void>;
  createTrace(
    request: CreateTraceRequest,
    upload: { traceId: string; tokenSha256: string; expiresAt: Date },
  ): Promise<DevtraceRecord>;
  getTrace(traceId: string): Promise<DevtraceRecord | undefined>;
  listTraces(query: ListTracesQuery): Promise<DevtraceRecord[]>;
  /**
   * The same page as listTraces, in one query whatever its size, each record with its qa and
   * its sealed trace's outline, so a list can show each trace's reading (GET's status/reason).
   */
  listTracesWithOutline(query: ListTracesQuery): Promise<ListedTrace[]>;
  /**
   * Stores one chunk atomically: a chunk id or idempotency key seen before for this trace returns
   * the first response with replayed=true and adds nothing, also under concurrent duplicates,
   * when the content is the same (ts_server_s aside); different content is a conflict naming the
   * chunk, and so is an event id or seq already stored in another chunk. Moves created →
   * ingesting. Throws TracemillError("conflict") when the trace is not created/ingesting.
   */
  ingestChunk(traceId: string, input: IngestInput): Promise<IngestOutcome>;
  /** Chunks ordered by chunk_seq (then chunk_id). */
  listChunks(traceId: string): Promise<StoredChunk[]>;
  /** Adds a large artifact (PUT …/artifacts/{key}); replacing a key keeps the latest. */
  putArtifact(traceId: string, artifact: StoredArtifact): Promise<void>;
  listArtifacts(traceId: string): Promise<StoredArtifact[]>;
  /** ingesting|created → completed with the sealed trace, revoking the upload token. */
  completeTrace(
    traceId: string,
    sealed: { trace: Trace; numEvents: number; jobId: string },
  ): Promise<DevtraceRecord>;
  getSealedTrace(traceId: string): Promise<Trace | undefined>;
  setStatus(traceId: string, status: DevtraceStatus, reason?: string): Promise<void>;
  /**
   * created|ingesting → failed with `reason`, revoking the upload token (a stuck trace given up
   * by an operator). Throws not_found for an unknown trace and conflict for any other status.
   */
  abandonTrace(traceId: string, reason: string): Promise<DevtraceRecord>;
  saveQa(traceId: string, qa: DevtraceQa): Promise<void>;
  getQa(traceId: string): Promise<DevtraceQa>;
  /** Deletes traces created before `before` with everything they own; returns their ids. */
  pruneOlderThan(before: Date): Promise<string[]>;
}

export interface PutBlobResult {
  /** Content address: "sha256/<hex>". */
  key: string;
  sha256: string;
  bytes: number;
}

/** Content-addressed blobs: the same bytes always get the same key; put is idempotent. */
export interface BlobStore {
  readonly kind: "fs" | "s3";
  put(data: Uint8Array | Readable, options?: { mimeType?: string }): Promise<PutBlobResult>;
  get(key: string): Promise<Buffer>;
  getStream(key: string): Promise<Readable>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Keys under a prefix, sorted. */
  list(prefix?: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface JobOptions {
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** At most one queued job per key. */
  singletonKey?: string;
}

export interface JobContext {
  id: string;
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
}

/** pg-boss over the same database (PGlite through executeSql, or a Postgres connection string). */
export interface JobQueue {
  start(): Promise<void>;
  send(queue: string, data: Record<string, unknown>, options?: JobOptions): Promise<string>;
  work(
    queue: string,
    handler: (data: Record<string, unknown>, job: JobContext) => Promise<void>,
    options?: { concurrency?: number },
  ): Promise<void>;
  /** Resolves when the queue has no created/retry/active jobs (tests, the offline demo). */
  drain(queue: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}
