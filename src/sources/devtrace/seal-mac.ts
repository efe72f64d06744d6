import { canonicalJson } from "../../core/canonical-json.js";
import { hmacSha256Hex } from "../../core/hash.js";
import { type ChainLink, chainGenesis } from "../../core/hash-chain.js";

/**
 * The seal closes the chain: an HMAC over the trace id, the number of events, the last link (the
 * head) and the sha256 of every stored chunk. The chain alone cannot tell a file whose last event
 * and link were both removed from a shorter trace; the seal can, and it ties the raw chunk rows to
 * the events without the key leaving the server.
 */
export const devtraceSealVersion = 2;

export interface DevtraceSealFields {
  traceId: string;
  count: number;
  head: string;
  /** sha256 of each source file (stored chunk), in the trace's order. */
  chunkSha256: readonly string[];
  /** Chunks the client said it skipped; sealed so the mark cannot be dropped unnoticed. */
  skippedChunks?: number;
}

export function chainHead(links: readonly ChainLink[]): string {
  return links.at(-1)?.hash ?? chainGenesis;
}

export function devtraceSealMac(key: string | Uint8Array, fields: DevtraceSealFields): string {
  return hmacSha256Hex(
    key,
    `tracemill devtrace seal v${devtraceSealVersion}\n${canonicalJson({
      trace_id: fields.traceId,
      count: fields.count,
      head: fields.head,
      chunks: fields.chunkSha256,
      // Only when some were skipped, so every seal made before this field still verifies.
      ...(fields.skippedChunks ? { skipped_chunks: fields.skippedChunks } : {}),
    })}`,
  );
}
