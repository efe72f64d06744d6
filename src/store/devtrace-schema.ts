import type { Migration } from "./migrations.js";

/**
 * The devtrace catalog. A chunk's events are one jsonb array in one row: ingest is one INSERT
 * per chunk however many events it holds, and the chunk is the unit of idempotency anyway.
 * Everything a trace owns references it ON DELETE CASCADE, so pruning deletes one row.
 */
export const devtraceMigrations: Migration[] = [
  {
    version: 1,
    name: "devtrace catalog",
    sql: `
      CREATE TABLE devtraces (
        trace_id text PRIMARY KEY,
        participant_id text NOT NULL,
        task_id text NOT NULL,
        task_title text NOT NULL,
        task_description text,
        repo_origin text,
        start_commit text,
        known_failing_tests jsonb,
        consent jsonb NOT NULL,
        status text NOT NULL CHECK (status IN
          ('created', 'ingesting', 'completed', 'validating', 'validated', 'failed')),
        failure_reason text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        completed_at timestamptz,
        num_events integer NOT NULL DEFAULT 0,
        job_id text,
        upload_token_sha256 text NOT NULL,
        upload_token_expires_at timestamptz NOT NULL,
        upload_token_revoked boolean NOT NULL DEFAULT false
      );
      CREATE INDEX devtraces_created_idx ON devtraces (created_at DESC, trace_id DESC);
      CREATE INDEX devtraces_status_created_idx ON devtraces (status, created_at DESC, trace_id DESC);

      CREATE TABLE devtrace_chunks (
        trace_id text NOT NULL REFERENCES devtraces (trace_id) ON DELETE CASCADE,
        chunk_id text NOT NULL,
        chunk_seq integer NOT NULL,
        idempotency_key text,
        events jsonb NOT NULL,
        artifacts jsonb NOT NULL,
        response jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (trace_id, chunk_id),
        UNIQUE (trace_id, idempotency_key)
      );
      CREATE INDEX devtrace_chunks_seq_idx ON devtrace_chunks (trace_id, chunk_seq, chunk_id);

      CREATE TABLE devtrace_artifacts (
        trace_id text NOT NULL REFERENCES devtraces (trace_id) ON DELETE CASCADE,
        key text NOT NULL,
        type text NOT NULL,
        event_id text,
        sha256 text NOT NULL,
        bytes bigint NOT NULL,
        mime_type text,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (trace_id, key)
      );

      CREATE TABLE devtrace_sealed (
        trace_id text PRIMARY KEY REFERENCES devtraces (trace_id) ON DELETE CASCADE,
        trace jsonb NOT NULL,
        sealed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );

      CREATE TABLE devtrace_qa (
        trace_id text PRIMARY KEY REFERENCES devtraces (trace_id) ON DELETE CASCADE,
        validation jsonb,
        judge jsonb,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
    `,
  },
];
