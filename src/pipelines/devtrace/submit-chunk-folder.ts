import { readdir } from "node:fs/promises";
import { basename, resolve } from "node:path";
import type { DevtraceClient, TraceDocumentBody } from "../../client/devtrace-client.js";
import { TracemillError } from "../../core/errors.js";
import { readJsonInput } from "../../core/files.js";
import { describeIssues } from "../../server/route-schemas.js";
import {
  type CompleteResponse,
  type CreateTraceRequest,
  createTraceRequestSchema,
} from "../../sources/devtrace/events.js";
import { readChunkFolder } from "../../sources/devtrace/read-chunks.js";
import type { SourceWarning } from "../../sources/types.js";

/**
 * `tracemill devtrace submit`: replays a folder of chunks the way the PR Telemetry client does —
 * create, each chunk with Idempotency-Key = chunk_id, an empty final chunk, complete — then
 * (optionally) uploads a workspace snapshot before complete and polls for the verified result.
 */
export interface SubmitChunkFolderOptions {
  client: DevtraceClient;
  chunksDir: string;
  /** The create-trace body; default derived from the folder name. */
  task?: CreateTraceRequest;
  /** A folder tarred (gzip) and PUT as workspace_snapshot.tar.gz before complete. */
  snapshotDir?: string;
  /** false: return right after complete. */
  wait?: boolean;
  pollIntervalMs?: number;
  timeoutMs?: number;
  onProgress?: (line: string) => void;
  /**
   * Submit even when some chunk files had to be skipped (unreadable or not a chunk); complete then
   * names them and the server seals the trace as incomplete. Without it such a folder is refused
   * before anything is sent.
   */
  allowGaps?: boolean;
}

export interface SubmitChunkFolderResult {
  traceId: string;
  chunksSent: number;
  eventsAdded: number;
  snapshot?: { sha256: string; bytes: number };
  completed: CompleteResponse;
  result?: TraceDocumentBody;
  warnings: SourceWarning[];
}

/** Caches a test run leaves behind; they are not part of the developer's work. */
const generatedPath = /(^|\/)(__pycache__|\.pytest_cache|\.mypy_cache|node_modules|\.git)(\/|$)/;

export const snapshotArtifactKey = "workspace_snapshot.tar.gz";

export async function submitChunkFolder(
  options: SubmitChunkFolderOptions,
): Promise<SubmitChunkFolderResult> {
  const progress = options.onProgress ?? (() => {});
  const folder = await readChunkFolder(options.chunksDir);
  if (folder.chunks.length === 0) {
    throw new TracemillError("input_invalid", `no chunk files (*.json) in ${options.chunksDir}`);
  }
  if (folder.warnings.length > 0 && options.allowGaps !== true) {
    const total = folder.chunks.length + folder.warnings.length;
    throw new TracemillError(
      "input_invalid",
      `${folder.warnings.length} of ${total} chunk files in ${options.chunksDir} cannot be sent, so the trace would miss their events (pass --allow-gaps to submit the rest):\n${folder.warnings.map((warning) => `  ${warning.message}`).join("\n")}`,
    );
  }
  const task = options.task ?? defaultTask(options.chunksDir);
  const created = await options.client.createTrace(task);
  progress(`created ${created.trace_id}`);
  const uploadToken = created.upload_token;

  let eventsAdded = 0;
  for (const [index, chunk] of folder.chunks.entries()) {
    const answer = await options.client.ingest(created.trace_id, chunk, {
      uploadToken,
      idempotencyKey: chunk.chunk_id,
    });
    eventsAdded += answer.events_added;
    progress(`${folder.files[index] ?? chunk.chunk_id}: ${answer.events_added} events added`);
  }
  const finalChunk = {
    chunk_id: "chunk-final",
    chunk_seq: Math.max(...folder.chunks.map((chunk) => chunk.chunk_seq)) + 1,
    events: [],
  };
  await options.client.ingest(created.trace_id, finalChunk, {
    uploadToken,
    idempotencyKey: finalChunk.chunk_id,
  });

  let snapshot: SubmitChunkFolderResult["snapshot"];
  if (options.snapshotDir !== undefined) {
    const bytes = await tarFolder(options.snapshotDir);
    const stored = await options.client.putArtifact(created.trace_id, snapshotArtifactKey, bytes, {
      uploadToken,
      type: "workspace_snapshot",
      mimeType: "application/gzip",
    });
    snapshot = { sha256: stored.sha256, bytes: stored.bytes };
    progress(`snapshot ${stored.bytes} bytes (sha256 ${stored.sha256.slice(0, 12)})`);
  }

  // Files skipped with --allow-gaps are named to the server, which seals the trace incomplete.
  const skippedChunks = folder.warnings.map((warning) => ({
    file: basename(warning.file),
    reason: warning.code,
  }));
  const completed = await options.client.complete(created.trace_id, {
    uploadToken,
    ...(skippedChunks.length === 0 ? {} : { skippedChunks }),
  });
  progress(`completed: ${completed.num_events} events, job ${completed.job_id}`);
  const base = {
    traceId: created.trace_id,
    chunksSent: folder.chunks.length + 1,
    eventsAdded,
    ...(snapshot === undefined ? {} : { snapshot }),
    completed,
    warnings: folder.warnings,
  };
  if (options.wait === false) return base;
  const result = await options.client.waitForResult(created.trace_id, {
    ...(options.pollIntervalMs === undefined ? {} : { intervalMs: options.pollIntervalMs }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  return { ...base, result };
}

/** Reads and validates a task.json (the create-trace body). */
export async function readTaskFile(path: string): Promise<CreateTraceRequest> {
  const data = await readJsonInput(path, "task file");
  const parsed = createTraceRequestSchema.safeParse(data);
  if (!parsed.success) {
    throw new TracemillError("input_invalid", `task file ${path}: ${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}

/** The snapshot as the verifier restores it: the folder's entries at the archive root. */
export async function tarFolder(dir: string): Promise<Buffer> {
  const root = resolve(dir);
  const entries = (await readdir(root)).sort();
  if (entries.length === 0)
    throw new TracemillError("input_invalid", `snapshot folder ${dir} is empty`);
  const { create: createTar } = await import("tar");
  const parts: Buffer[] = [];
  const stream = createTar(
    { gzip: true, cwd: root, portable: true, filter: (path) => !generatedPath.test(path) },
    entries,
  );
  for await (const part of stream as AsyncIterable<Buffer>) parts.push(part);
  return Buffer.concat(parts);
}

function defaultTask(chunksDir: string): CreateTraceRequest {
  const name = basename(resolve(chunksDir));
  return {
    participant_id: "tracemill-cli",
    task_id: name,
    task_title: `Replay of ${name}`,
  };
}
