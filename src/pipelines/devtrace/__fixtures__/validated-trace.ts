import { judgeDevtrace } from "../../../grade/devtrace-judge.js";
import { sealDevtrace } from "../../../sources/devtrace/seal.js";
import { createRequest, makeEvents, newTraceId, uploadFor } from "../../../store/devtrace-fixtures.js";
import type { DevtraceStore } from "../../../store/types.js";

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
