import { TracemillError } from "../../core/errors.js";
import type { BlobStore, DevtraceRecord, DevtraceStore } from "../../store/types.js";

/**
 * `tracemill devtrace prune`: deletes traces created before a cut-off with everything they own,
 * and the blobs only they referenced. Blobs are content-addressed and may be shared between
 * traces, so a blob is deleted only when no remaining trace points at it.
 */
export interface PruneResult {
  traceIds: string[];
  blobsDeleted: number;
}

const page = 1000;

export async function pruneDevtraces(options: {
  store: DevtraceStore;
  blobs: BlobStore;
  before: Date;
}): Promise<PruneResult> {
  const { store, blobs, before } = options;
  const all = await listAll(store);
  const old = all.filter((record) => new Date(record.created_at).getTime() < before.getTime());
  const candidates = new Set<string>();
  for (const record of old) {
    for (const sha of await artifactDigests(store, record.trace_id)) candidates.add(sha);
  }
  const traceIds = await store.pruneOlderThan(before);
  const pruned = new Set(traceIds);
  for (const record of all) {
    if (pruned.has(record.trace_id)) continue;
    for (const sha of await artifactDigests(store, record.trace_id)) candidates.delete(sha);
  }
  let blobsDeleted = 0;
  for (const sha of candidates) {
    const key = `sha256/${sha}`;
    if (await blobs.has(key)) {
      await blobs.delete(key);
      blobsDeleted++;
    }
  }
  return { traceIds, blobsDeleted };
}

/** "90d", "12h", "30m", "45s", "2w" → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/i.exec(text);
  if (!match?.[1] || !match[2]) {
    throw new TracemillError(
      "input_invalid",
      `duration "${text}" must be a number and a unit: s, m, h, d or w (e.g. 90d)`,
    );
  }
  const unit = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[
    match[2].toLowerCase() as "s" | "m" | "h" | "d" | "w"
  ];
  return Number(match[1]) * unit * 1000;
}

async function listAll(store: DevtraceStore): Promise<DevtraceRecord[]> {
  const records: DevtraceRecord[] = [];
  for (let offset = 0; ; offset += page) {
    const batch = await store.listTraces({ limit: page, offset });
    records.push(...batch);
    if (batch.length < page) return records;
  }
}

async function artifactDigests(store: DevtraceStore, traceId: string): Promise<string[]> {
  const [artifacts, chunks] = await Promise.all([
    store.listArtifacts(traceId),
    store.listChunks(traceId),
  ]);
  return [...artifacts, ...chunks.flatMap((chunk) => chunk.artifacts)].map((a) => a.sha256);
}
