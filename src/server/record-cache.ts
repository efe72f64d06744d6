import type { DevtraceRecord, DevtraceStore } from "../store/types.js";

/**
 * Trace records for the ingest hot path, so a chunk costs one catalog write and no read. Only
 * fields that never change after create are relied on (upload-token digest and expiry, consent);
 * the status may be stale, but only towards "still accepting": the store re-checks it atomically
 * inside ingestChunk, and a revoked token is caught when that check fails.
 */
export interface RecordCache {
  get(traceId: string): Promise<DevtraceRecord | undefined>;
}

export function createRecordCache(store: DevtraceStore, maxEntries = 10_000): RecordCache {
  const entries = new Map<string, DevtraceRecord>();
  return {
    async get(traceId) {
      const cached = entries.get(traceId);
      if (cached) return cached;
      const record = await store.getTrace(traceId);
      if (!record) return undefined;
      if (record.status === "created" || record.status === "ingesting") {
        // Oldest first out: Map iteration follows insertion order.
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
        entries.set(traceId, record);
      }
      return record;
    },
  };
}
