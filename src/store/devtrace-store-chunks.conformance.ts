import { expect } from "vitest";
import { rejection } from "../test-support/rejection.js";
import { createRequest, makeEvents, newTraceId, uploadFor } from "./devtrace-fixtures.js";
import type { DevtraceStore, StoredArtifact } from "./types.js";

/** A conformance test: skipped when the store could not be opened. */
export type ConformanceTest = (title: string, body: () => Promise<void>) => void;

export const artifact = (key: string, sha: string): StoredArtifact => ({
  key,
  type: "stdout",
  event_id: "ev-1",
  sha256: sha.repeat(64).slice(0, 64),
  bytes: 5_000_000_000,
  mime_type: "text/plain",
});

/**
 * The chunk part of the DevtraceStore conformance suite (devtrace-store.conformance.ts):
 * idempotent ingest, concurrent posts, chunk order and artifacts.
 */
export function chunkConformanceTests(test: ConformanceTest, store: () => DevtraceStore): void {
  test("ingests a chunk once: replay by chunk id and by idempotency key add nothing", async () => {
    const traceId = newTraceId("ingest");
    await store().createTrace(createRequest, uploadFor(traceId));
    const events = makeEvents(0, 10);
    const first = await store().ingestChunk(traceId, {
      chunkId: "chunk-1",
      chunkSeq: 1,
      idempotencyKey: "key-1",
      events,
      artifacts: [artifact("out-1.txt", "a")],
    });
    expect(first).toEqual({
      replayed: false,
      response: {
        status: "accepted",
        chunk_id: "chunk-1",
        events_added: 10,
        artifacts_added: 1,
        total_events: 10,
      },
    });
    expect((await store().getTrace(traceId))?.status).toBe("ingesting");

    // A retry carries the same content; only the server clock (ts_server_s) may differ.
    const retried = events.map((event) => ({
      ...event,
      ts_server_s: (event.ts_server_s ?? 0) + 99,
    }));
    const sameChunkId = await store().ingestChunk(traceId, {
      chunkId: "chunk-1",
      chunkSeq: 1,
      events: retried,
      artifacts: [artifact("out-1.txt", "a")],
    });
    expect(sameChunkId).toEqual({ replayed: true, response: first.response });
    const sameKey = await store().ingestChunk(traceId, {
      chunkId: "chunk-1",
      chunkSeq: 1,
      idempotencyKey: "key-1",
      events,
      artifacts: [artifact("out-1.txt", "a")],
    });
    expect(sameKey).toEqual({ replayed: true, response: first.response });

    // Different content under a seen chunk id or key is a conflict naming the chunk (issue 15).
    const changed = await rejection(
      store().ingestChunk(traceId, {
        chunkId: "chunk-1",
        chunkSeq: 1,
        events: makeEvents(100, 3),
        artifacts: [],
      }),
    );
    expect(changed.code).toBe("conflict");
    expect(changed.message).toContain("chunk chunk-1 was already stored with different content");
    const reusedKey = await rejection(
      store().ingestChunk(traceId, {
        chunkId: "chunk-1-retry-with-new-id",
        chunkSeq: 1,
        idempotencyKey: "key-1",
        events: makeEvents(200, 4),
        artifacts: [],
      }),
    );
    expect(reusedKey.code).toBe("conflict");
    expect(reusedKey.message).toContain('Idempotency-Key "key-1" (stored as chunk chunk-1)');

    // The same event id (or seq) in another chunk is refused at ingest, not at complete.
    const duplicate = await rejection(
      store().ingestChunk(traceId, {
        chunkId: "chunk-dup",
        chunkSeq: 3,
        events: makeEvents(9, 1),
        artifacts: [],
      }),
    );
    expect(duplicate.code).toBe("conflict");
    expect(duplicate.message).toContain(
      "chunk chunk-dup: event ids already stored: ev-9 (in chunk chunk-1)",
    );
    expect(duplicate.details).toMatchObject({ duplicate_ids: ["ev-9"] });

    const second = await store().ingestChunk(traceId, {
      chunkId: "chunk-2",
      chunkSeq: 2,
      events: makeEvents(10, 5),
      artifacts: [],
    });
    expect(second.response.total_events).toBe(15);
    expect((await store().getTrace(traceId))?.num_events).toBe(15);
    const chunks = await store().listChunks(traceId);
    expect(chunks.map((chunk) => chunk.chunk_id)).toEqual(["chunk-1", "chunk-2"]);
    expect(chunks[0]?.events).toEqual(events);
    expect(chunks[0]?.idempotency_key).toBe("key-1");
    expect(chunks[0]?.artifacts).toEqual([artifact("out-1.txt", "a")]);
    expect(chunks[1]?.idempotency_key).toBeUndefined();
    expect(Number.isNaN(Date.parse(chunks[0]?.received_at ?? ""))).toBe(false);
  });

  test("50 concurrent posts of one chunk store its events once and answer alike", async () => {
    const traceId = newTraceId("concurrent");
    await store().createTrace(createRequest, uploadFor(traceId));
    const events = makeEvents(0, 20);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        store().ingestChunk(traceId, {
          chunkId: "only-chunk",
          chunkSeq: 0,
          // Half retry with the key, half with the chunk id alone.
          ...(index % 2 === 0 ? { idempotencyKey: "only-key" } : {}),
          events,
          artifacts: [],
        }),
      ),
    );
    expect(outcomes.filter((outcome) => !outcome.replayed)).toHaveLength(1);
    for (const outcome of outcomes) {
      expect(outcome.response).toEqual({
        status: "accepted",
        chunk_id: "only-chunk",
        events_added: 20,
        artifacts_added: 0,
        total_events: 20,
      });
    }
    expect((await store().getTrace(traceId))?.num_events).toBe(20);
    const chunks = await store().listChunks(traceId);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.events).toHaveLength(20);
  });

  test("concurrent distinct chunks all count", async () => {
    const traceId = newTraceId("parallel");
    await store().createTrace(createRequest, uploadFor(traceId));
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store().ingestChunk(traceId, {
          chunkId: `c-${index}`,
          chunkSeq: index,
          events: makeEvents(index * 7, 7),
          artifacts: [],
        }),
      ),
    );
    const totals = outcomes.map((outcome) => outcome.response.total_events).sort((a, b) => a - b);
    expect(totals).toEqual(Array.from({ length: 20 }, (_, index) => (index + 1) * 7));
    expect((await store().getTrace(traceId))?.num_events).toBe(140);
  });

  test("lists chunks by chunk_seq then chunk_id, whatever the arrival order", async () => {
    const traceId = newTraceId("order");
    await store().createTrace(createRequest, uploadFor(traceId));
    for (const [chunkId, chunkSeq] of [
      ["c", 3],
      ["b", 1],
      ["z", 2],
      ["a", 2],
      ["d", 10],
    ] as const) {
      await store().ingestChunk(traceId, { chunkId, chunkSeq, events: [], artifacts: [] });
    }
    const chunks = await store().listChunks(traceId);
    expect(chunks.map((chunk) => [chunk.chunk_id, chunk.chunk_seq])).toEqual([
      ["b", 1],
      ["a", 2],
      ["z", 2],
      ["c", 3],
      ["d", 10],
    ]);
    expect(await store().listChunks(newTraceId("none"))).toEqual([]);
  });

  test("artifacts: inline and PUT, a replaced key keeps the latest", async () => {
    const traceId = newTraceId("artifacts");
    await store().createTrace(createRequest, uploadFor(traceId));
    await store().ingestChunk(traceId, {
      chunkId: "c1",
      chunkSeq: 0,
      events: [],
      artifacts: [artifact("stdout-1.txt", "1"), artifact("stderr-1.txt", "2")],
    });
    const snapshot: StoredArtifact = {
      key: "workspace_snapshot.tar.gz",
      type: "snapshot",
      sha256: "f".repeat(64),
      bytes: 1234,
    };
    await store().putArtifact(traceId, snapshot);
    await store().putArtifact(traceId, { ...artifact("stdout-1.txt", "9"), bytes: 7 });
    expect(await store().listArtifacts(traceId)).toEqual([
      artifact("stderr-1.txt", "2"),
      { ...artifact("stdout-1.txt", "9"), bytes: 7 },
      snapshot,
    ]);
    const missing = await rejection(store().putArtifact(newTraceId("none"), snapshot));
    expect(missing.code).toBe("not_found");
  });
}
