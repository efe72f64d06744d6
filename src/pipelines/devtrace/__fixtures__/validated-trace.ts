import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { judgeDevtrace } from "../../../grade/devtrace-judge.js";
import { sealDevtrace } from "../../../sources/devtrace/seal.js";
import { createRequest, makeEvents, newTraceId, uploadFor } from "../../../store/devtrace-fixtures.js";
import { createDevtraceStore } from "../../../store/devtrace-store.js";
import { openPglite } from "../../../store/sql-pglite.js";
import type { DevtraceStore, SqlClient } from "../../../store/types.js";

/**
 * A migrated in-memory store and a temporary folder for one describe block: opened before its
 * tests, closed and removed after. Read `store` and `dir` inside the tests.
 */
export function useDevtraceWorkspace(prefix: string): { store: DevtraceStore; dir: string } {
  let sql: SqlClient | undefined;
  const workspace = {} as { store: DevtraceStore; dir: string };
  beforeAll(async () => {
    sql = await openPglite();
    workspace.store = createDevtraceStore(sql);
    await workspace.store.migrate();
    workspace.dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await sql?.close();
    await rm(workspace.dir, { recursive: true, force: true });
  });
  return workspace;
}

/**
 * Stores a validated, judged trace whose chunks carry the given ids, two events each, written
 * straight into the store as old data would be (no ingest checks), for the export tests.
 */
export async function storeValidatedTrace(
  store: DevtraceStore,
  chunkIds: string[],
): Promise<string> {
  const traceId = newTraceId("export");
  await store.createTrace(createRequest, uploadFor(traceId));
  let seq = 0;
  for (const [index, chunkId] of chunkIds.entries()) {
    await store.ingestChunk(traceId, {
      chunkId,
      chunkSeq: index,
      events: makeEvents(seq, 2),
      artifacts: [],
    });
    seq += 2;
  }
  const record = await store.getTrace(traceId);
  if (!record) throw new Error("created above");
  const sealed = sealDevtrace({
    record,
    chunks: await store.listChunks(traceId),
    artifacts: [],
    key: "export-paths-key",
  });
  await store.completeTrace(traceId, {
    trace: sealed.trace,
    numEvents: sealed.numEvents,
    jobId: "j",
  });
  await store.setStatus(traceId, "validated");
  await store.saveQa(traceId, { judge: await judgeDevtrace(sealed.trace) });
  return traceId;
}
