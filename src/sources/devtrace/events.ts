import { z } from "zod";
import { isSafeId, safeIdPattern, safeIdRule } from "../../core/safe-path.js";

/**
 * Developer-trace wire formats (the "PR Telemetry" client's shapes): the trace a client creates,
 * the chunks it uploads and the six event types inside them. The server validates every chunk
 * against these before anything is stored; unknown event types are refused, unknown fields on
 * known types are kept (or refused with --strict-events; see validate-events.ts).
 */

/** 9999-12-31T23:59:59Z: the latest time every date library and Postgres can hold. */
export const maxTimestampSeconds = 253_402_300_799;
/** chunk_seq is stored as a 32-bit integer. */
export const maxChunkSeq = 2 ** 31 - 1;

const timestampSeconds = z
  .number()
  .nonnegative()
  .max(maxTimestampSeconds, "expected Unix seconds no later than year 9999");

const eventBase = {
  id: z.string().min(1).max(200),
  seq: z.number().int().nonnegative(),
  ts_client_s: timestampSeconds,
  /** Set by the server on ingest; a client value is overwritten. */
  ts_server_s: timestampSeconds.optional(),
};

const bufferHash = z.string().min(1).max(200);

/**
 * Where an output lives: an artifact key (tracemill clients) or the PR Telemetry client's blob
 * reference object; both are accepted so the reference client works unchanged.
 */
export const artifactRefSchema = z.union([
  z.string().min(1).max(1000),
  z.strictObject({
    uri: z.string().min(1).max(2000),
    sha256: z.string().max(200),
    size_bytes: z.number().int().nonnegative(),
  }),
]);
export type ArtifactRef = z.infer<typeof artifactRefSchema>;

export const fileEditEventSchema = z.strictObject({
  ...eventBase,
  type: z.literal("file_edit"),
  file_path: z.string().min(1).max(4096),
  language: z.string().max(100).optional(),
  diff_unified: z.string(),
  buffer_hash_before: bufferHash.optional(),
  buffer_hash_after: bufferHash.optional(),
  edit_bytes: z.number().int().nonnegative().optional(),
});

export const cmdRunEventSchema = z.strictObject({
  ...eventBase,
  type: z.literal("cmd_run"),
  cmd: z.string().min(1),
  cwd: z.string().optional(),
  exit_code: z.number().int(),
  env_redacted: z.boolean().optional(),
  /** Artifact keys holding the command's output. */
  stdout_ref: artifactRefSchema.optional(),
  stderr_ref: artifactRefSchema.optional(),
  duration_s: z.number().nonnegative().optional(),
});

export const testRunEventSchema = z.strictObject({
  ...eventBase,
  type: z.literal("test_run"),
  framework: z.string().min(1).max(100),
  selection: z.string().optional(),
  num_passed: z.number().int().nonnegative(),
  num_failed: z.number().int().nonnegative(),
  num_skipped: z.number().int().nonnegative().optional(),
  failed_tests: z.array(z.string()).optional(),
  report_ref: artifactRefSchema.optional(),
  duration_s: z.number().nonnegative().optional(),
});

export const commitEventSchema = z.strictObject({
  ...eventBase,
  type: z.literal("commit"),
  sha: z.string().min(1).max(100),
  parent_sha: z.string().max(100).optional(),
  message: z.string(),
  diff_unified: z.string().optional(),
});

export const rationaleStructuredSchema = z.strictObject({
  plan: z.string().optional(),
  hypothesis: z.string().optional(),
  observation: z.string().optional(),
  decision: z.string().optional(),
  next_step: z.string().optional(),
});

export const rationaleNoteEventSchema = z.strictObject({
  ...eventBase,
  type: z.literal("rationale_note"),
  /** Optional on the wire (the reference client may send only freeform); always present once parsed. */
  structured: rationaleStructuredSchema.default({}),
  freeform: z.string().optional(),
});

/**
 * The PR Telemetry reference's code change: several files at once (`files_changed`), with an
 * optional unified diff and line counts. Its other fields are kept as extras like any event's.
 */
export const codeChangeEventSchema = z.strictObject({
  ...eventBase,
  type: z.literal("code_change"),
  files_changed: z.array(z.string().min(1).max(4096)).max(100_000).optional(),
  diff_unified: z.string().optional(),
  description: z.string().optional(),
  lines_added: z.number().int().nonnegative().optional(),
  lines_removed: z.number().int().nonnegative().optional(),
});

export const devtraceEventSchema = z.discriminatedUnion("type", [
  fileEditEventSchema,
  cmdRunEventSchema,
  testRunEventSchema,
  commitEventSchema,
  rationaleNoteEventSchema,
  codeChangeEventSchema,
]);
export type DevtraceEvent = z.infer<typeof devtraceEventSchema>;
export type DevtraceEventType = DevtraceEvent["type"];
export const devtraceEventTypes = [
  "file_edit",
  "cmd_run",
  "test_run",
  "commit",
  "rationale_note",
  "code_change",
] as const satisfies readonly DevtraceEventType[];

/** An inline artifact in a chunk (small outputs); large blobs go through PUT …/artifacts/{key}. */
export const chunkArtifactSchema = z.strictObject({
  type: z.string().min(1).max(100),
  event_id: z.string().optional(),
  content: z.string(),
  encoding: z.enum(["utf8", "base64"]).optional(),
  mime_type: z.string().optional(),
});
export type ChunkArtifact = z.infer<typeof chunkArtifactSchema>;

/**
 * A chunk as posted. Events are validated one by one by the server (so a 422 can name the
 * index), hence `unknown[]` here.
 */
export const ingestChunkSchema = z.strictObject({
  chunk_id: z.string().regex(safeIdPattern, safeIdRule).refine(isSafeId, safeIdRule),
  chunk_seq: z.number().int().nonnegative().max(maxChunkSeq),
  events: z.array(z.unknown()),
  artifacts: z
    .record(
      z.string().regex(safeIdPattern, safeIdRule).refine(isSafeId, safeIdRule),
      chunkArtifactSchema,
    )
    .optional(),
});
export type IngestChunk = z.infer<typeof ingestChunkSchema>;

export const consentSchema = z.strictObject({
  /** Store rationale_note text (structured and freeform). Default true. */
  rationale: z.boolean().optional(),
  /** Store command output artifacts. Default true. */
  outputs: z.boolean().optional(),
  /** Store diffs and snapshots. Default true. */
  code: z.boolean().optional(),
  /** May be used for model training. Default true. */
  training: z.boolean().optional(),
});
export type Consent = z.infer<typeof consentSchema>;

export const createTraceRequestSchema = z.strictObject({
  participant_id: z.string().min(1).max(200),
  task_id: z.string().min(1).max(200),
  task_title: z.string().min(1).max(1000),
  task_description: z.string().optional(),
  repo_origin: z.string().optional(),
  start_commit: z.string().optional(),
  known_failing_tests: z.array(z.string()).optional(),
  consent: consentSchema.optional(),
});
export type CreateTraceRequest = z.infer<typeof createTraceRequestSchema>;

export const devtraceStatuses = [
  "created",
  "ingesting",
  "completed",
  "validating",
  "validated",
  "failed",
] as const;
export type DevtraceStatus = (typeof devtraceStatuses)[number];

export interface CreateTraceResponse {
  trace_id: string;
  upload_token: string;
  message: string;
}

export interface IngestResponse {
  status: "accepted";
  chunk_id: string;
  events_added: number;
  artifacts_added: number;
  total_events: number;
}

/** The answer to an ingested chunk: the HTTP route's response schema and the stored replay's. */
export const ingestResponseSchema = z.object({
  status: z.literal("accepted"),
  chunk_id: z.string(),
  events_added: z.number().int(),
  artifacts_added: z.number().int(),
  total_events: z.number().int(),
}) satisfies z.ZodType<IngestResponse>;

export interface CompleteResponse {
  status: DevtraceStatus;
  trace_id: string;
  num_events: number;
  job_id: string;
}
