import {
  chunkHashProblems,
  chunkText,
  type DevtraceFileVerification,
  verifyDevtraceFile,
} from "../../sources/devtrace/verify-trace.js";
import type { DevtraceStore } from "../../store/types.js";

/**
 * Integrity of a trace as the catalog holds it: every raw chunk row must hash to the sha256 its
 * sealed trace recorded (and no sealed chunk may be missing, no stored chunk unsealed); with the
 * HMAC key, the chain and the seal are checked too. Export refuses a trace with any problem.
 */
export interface StoredTraceVerification extends DevtraceFileVerification {
  traceId: string;
  /** Chunk rows whose bytes were compared with the seal. */
  chunksChecked: number;
}

export async function verifyStoredDevtrace(
  store: DevtraceStore,
  traceId: string,
  key?: string,
): Promise<StoredTraceVerification> {
  const [trace, chunks] = await Promise.all([
    store.getSealedTrace(traceId),
    store.listChunks(traceId),
  ]);
  if (trace === undefined) {
    return { traceId, ok: false, verified: 0, chunksChecked: 0, problems: ["no sealed trace"] };
  }
  const contents = new Map<string, string | undefined>();
  for (const file of trace.source.files) contents.set(file.path, undefined);
  const problems: string[] = [];
  for (const chunk of chunks) {
    const path = `chunk:${chunk.chunk_id}`;
    if (!contents.has(path)) problems.push(`${path}: stored but not in the sealed trace`);
    else contents.set(path, chunkText(chunk.events));
  }
  problems.push(...chunkHashProblems(trace.source.files, contents));
  const chain: DevtraceFileVerification =
    key === undefined
      ? { ok: true, verified: 0 }
      : verifyDevtraceFile(JSON.parse(JSON.stringify(trace)), key);
  problems.push(...(chain.problems ?? []));
  return {
    ...chain,
    traceId,
    ok: chain.ok && problems.length === 0,
    chunksChecked: chunks.length,
    ...(problems.length === 0 ? {} : { problems }),
  };
}
