import { canonicalJson } from "../../core/canonical-json.js";
import { TracemillError } from "../../core/errors.js";
import { sha256Hex } from "../../core/hash.js";
import { buildHashChain } from "../../core/hash-chain.js";
import {
  type MediaRef,
  type SourceFile,
  type Trace,
  traceSchema,
  traceSchemaId,
} from "../../core/trace.js";
import type { DevtraceRecord, StoredArtifact, StoredChunk } from "../../store/types.js";
import { devtraceStepOf } from "./event-steps.js";
import type { DevtraceEvent } from "./events.js";
import { chainHead, devtraceSealMac } from "./seal-mac.js";

/**
 * Seals a completed developer trace: merges the stored chunks by chunk_seq, orders the events by
 * seq, refuses duplicate ids or seqs across chunks, and builds the tracemill Trace (kind
 * devtrace) with an HMAC-SHA256 chain over `meta.events` — each event's canonical JSON exactly as
 * stored, server timestamps included — so anyone with the key can recompute it from the file —
 * closed by a seal over the event count, the head link and every chunk's sha256 (seal-mac.ts).
 */
export const devtraceFormat = "devtrace/v1";

export interface SealInput {
  record: DevtraceRecord;
  chunks: readonly StoredChunk[];
  /** Artifacts stored outside chunks (PUT …/artifacts/{key}); chunk artifacts are added too. */
  artifacts: readonly StoredArtifact[];
  /** Chunk files the client could not send (`devtrace submit --allow-gaps`): the trace is incomplete. */
  skippedChunks?: readonly { file: string; reason?: string }[];
  key: string;
  keyId?: string;
}

export interface SealedDevtrace {
  trace: Trace;
  numEvents: number;
}

interface PlacedEvent {
  event: DevtraceEvent;
  chunkId: string;
  offset: number;
}

export function sealDevtrace(input: SealInput): SealedDevtrace {
  const chunks = [...input.chunks].sort(
    (a, b) => a.chunk_seq - b.chunk_seq || compareText(a.chunk_id, b.chunk_id),
  );
  const placed: PlacedEvent[] = chunks.flatMap((chunk) =>
    chunk.events.map((event, offset) => ({ event, chunkId: chunk.chunk_id, offset })),
  );
  refuseDuplicates(placed);
  // Array.prototype.sort is stable, so equal seqs (already refused) could not reorder silently.
  placed.sort((a, b) => a.event.seq - b.event.seq);

  const events = placed.map((item) => item.event);
  const firstTs = events[0]?.ts_client_s ?? 0;
  const steps = placed.map((item, index) =>
    devtraceStepOf(item.event, index, firstTs, {
      file: `chunk:${item.chunkId}`,
      offset: item.offset,
    }),
  );
  const artifacts = mergeArtifacts(chunks, input.artifacts);
  const { record } = input;
  const links = buildHashChain(input.key, events);
  const sourceFiles = chunks.map(sourceFileOf);
  const head = chainHead(links);
  const skipped = (input.skippedChunks ?? []).map((chunk) => ({ ...chunk }));

  const trace: Trace = {
    schema: traceSchemaId,
    id: record.trace_id,
    kind: "devtrace",
    source: { format: devtraceFormat, files: sourceFiles },
    task: {
      id: record.task_id,
      title: record.task_title,
      ...(record.task_description === undefined ? {} : { description: record.task_description }),
    },
    actor: { id: record.participant_id, role: "human_dev" },
    steps,
    media: artifacts.map(mediaOf),
    meta: {
      events,
      ...(record.repo_origin === undefined ? {} : { repo_origin: record.repo_origin }),
      ...(record.start_commit === undefined ? {} : { start_commit: record.start_commit }),
      ...(record.known_failing_tests === undefined
        ? {}
        : { known_failing_tests: record.known_failing_tests }),
      consent: record.consent,
      participant_id: record.participant_id,
      artifacts,
      chunks: chunks.map((chunk) => ({
        chunk_id: chunk.chunk_id,
        chunk_seq: chunk.chunk_seq,
        num_events: chunk.events.length,
      })),
      ...(skipped.length === 0 ? {} : { skipped_chunks: skipped }),
    },
    integrity: {
      algorithm: "hmac-sha256-chain",
      links,
      ...(input.keyId === undefined ? {} : { keyId: input.keyId }),
      count: events.length,
      head,
      seal: devtraceSealMac(input.key, {
        traceId: record.trace_id,
        count: events.length,
        head,
        chunkSha256: sourceFiles.map((file) => file.sha256),
        skippedChunks: skipped.length,
      }),
    },
  };
  return { trace: traceSchema.parse(trace), numEvents: events.length };
}

function refuseDuplicates(placed: readonly PlacedEvent[]): void {
  const ids = new Map<string, number>();
  const seqs = new Map<number, number>();
  for (const { event } of placed) {
    ids.set(event.id, (ids.get(event.id) ?? 0) + 1);
    seqs.set(event.seq, (seqs.get(event.seq) ?? 0) + 1);
  }
  const duplicateIds = [...ids].filter(([, count]) => count > 1).map(([id]) => id);
  const duplicateSeqs = [...seqs].filter(([, count]) => count > 1).map(([seq]) => seq);
  if (duplicateIds.length === 0 && duplicateSeqs.length === 0) return;
  const parts: string[] = [];
  if (duplicateIds.length > 0) parts.push(`duplicate event ids: ${duplicateIds.join(", ")}`);
  if (duplicateSeqs.length > 0) parts.push(`duplicate seqs: ${duplicateSeqs.join(", ")}`);
  throw new TracemillError("input_invalid", parts.join("; "), {
    details: { duplicate_ids: duplicateIds, duplicate_seqs: duplicateSeqs },
  });
}

/** Chunk artifacts first, then trace-level ones; the same key and content is listed once. */
function mergeArtifacts(
  chunks: readonly StoredChunk[],
  extra: readonly StoredArtifact[],
): StoredArtifact[] {
  const seen = new Set<string>();
  const merged: StoredArtifact[] = [];
  for (const artifact of [...chunks.flatMap((chunk) => chunk.artifacts), ...extra]) {
    const identity = `${artifact.key}\u0000${artifact.sha256}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    merged.push({ ...artifact });
  }
  return merged;
}

function mediaOf(artifact: StoredArtifact): MediaRef {
  return {
    kind: "artifact",
    path: artifact.key.startsWith("sha256/") ? artifact.key : `sha256/${artifact.sha256}`,
    ...(isSha256(artifact.sha256) ? { sha256: artifact.sha256 } : {}),
    bytes: artifact.bytes,
    ...(artifact.mime_type === undefined ? {} : { mimeType: artifact.mime_type }),
  };
}

/** Chunks are the trace's source files: their stored events' canonical JSON is what is hashed. */
function sourceFileOf(chunk: StoredChunk): SourceFile {
  const text = canonicalJson(chunk.events);
  return {
    path: `chunk:${chunk.chunk_id}`,
    sha256: sha256Hex(text),
    bytes: Buffer.byteLength(text, "utf8"),
  };
}

function isSha256(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
