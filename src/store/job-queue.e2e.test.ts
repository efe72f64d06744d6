import { describe, expect, it } from "vitest";
import { createRequest, makeEvents, newTraceId, uploadFor } from "./devtrace-fixtures.js";
import { createDevtraceStore } from "./devtrace-store.js";
import { describeJobQueueConformance } from "./job-queue.conformance.js";
import { createJobQueue } from "./job-queue.js";
import { createTestDatabase } from "./postgres-test-database.js";
import { openPglite } from "./sql-pglite.js";
import { openPostgres } from "./sql-postgres.js";

describeJobQueueConformance("PGlite in memory", async () => {
  const sql = await openPglite();
  return { sql, close: () => sql.close() };
});

describeJobQueueConformance("Postgres server", async () => {
  const database = await createTestDatabase("jobs");
  if (database === undefined) return undefined;
  const sql = await openPostgres(database.url);
  return {
    sql,
    async close() {
      await sql.close();
      await database.drop();
    },
  };
});

describe("one PGlite shared by the catalog and pg-boss", () => {
  it("workers update traces while chunks are ingested, with no interleaved transactions", async () => {
    const sql = await openPglite();
    const jobs = createJobQueue(sql);
    try {
      const store = createDevtraceStore(sql);
      await store.migrate();
      await jobs.start();
      const traceIds = Array.from({ length: 4 }, () => newTraceId("shared"));
      for (const traceId of traceIds) await store.createTrace(createRequest, uploadFor(traceId));
      await jobs.work(
        "test.mark",
        async (data) => {
          await store.setStatus(String(data.traceId), "validated");
        },
        { concurrency: 2 },
      );
      await Promise.all([
        ...traceIds.map((traceId) => jobs.send("test.mark", { traceId })),
        ...traceIds.flatMap((traceId) =>
          Array.from({ length: 10 }, (_, seq) =>
            store.ingestChunk(traceId, {
              chunkId: `c${seq}`,
              chunkSeq: seq,
              events: makeEvents(seq * 10, 10),
              artifacts: [],
            }),
          ),
        ),
      ]);
      await jobs.drain("test.mark", 30_000);
      for (const traceId of traceIds) {
        const record = await store.getTrace(traceId);
        expect(record?.status).toBe("validated");
        expect(record?.num_events).toBe(100);
      }
    } finally {
      await jobs.stop();
      await sql.close();
    }
  });
});
