import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRequest, makeEvents, uploadFor } from "./devtrace-fixtures.js";
import { describeDevtraceStoreConformance } from "./devtrace-store.conformance.js";
import { createDevtraceStore } from "./devtrace-store.js";
import { openSqlClient } from "./open-catalog.js";
import { openPglite } from "./sql-pglite.js";

describeDevtraceStoreConformance("PGlite in memory", async () => {
  const sql = await openPglite();
  return { store: createDevtraceStore(sql), close: () => sql.close() };
});

describeDevtraceStoreConformance("PGlite in a folder", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tracemill-pglite-"));
  const sql = await openPglite(join(dir, "catalog"));
  return {
    store: createDevtraceStore(sql),
    async close() {
      await sql.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe("PGlite catalog folder", () => {
  it("keeps traces and chunks across a close and reopen", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tracemill-pglite-reopen-"));
    try {
      // The default data dir does not exist yet: opening makes it, parents included.
      const first = await openSqlClient(undefined, join(dir, "data"));
      expect(first.dialect).toBe("pglite");
      const store = createDevtraceStore(first);
      await store.migrate();
      await store.createTrace(createRequest, uploadFor("reopened"));
      const events = makeEvents(0, 30);
      await store.ingestChunk("reopened", { chunkId: "c1", chunkSeq: 0, events, artifacts: [] });
      await first.close();

      const second = await openSqlClient(join(dir, "data", "catalog"), "/nonexistent-default");
      const reopened = createDevtraceStore(second);
      await reopened.migrate();
      expect((await reopened.getTrace("reopened"))?.num_events).toBe(30);
      expect((await reopened.listChunks("reopened"))[0]?.events).toEqual(events);
      const { rows } = await second.query<{ version: number }>(
        "SELECT version FROM tracemill_migrations ORDER BY version",
      );
      expect(rows.map((row) => row.version)).toEqual([1]);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
