import { TracemillError } from "../core/errors.js";
import type { SftMessage } from "../format/sft-message.js";

/** The seed's default: four SFT messages per grading request. */
export const defaultChunkSize = 4;

/**
 * Splits a session's SFT messages into consecutive chunks of `chunkSize`, order kept; the grader
 * sends them one request per chunk, in order, so each request can carry the previous summary.
 */
export function sftToChunks(
  messages: SftMessage[],
  chunkSize: number = defaultChunkSize,
): SftMessage[][] {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new TracemillError(
      "input_invalid",
      `chunk size must be a positive integer, got ${String(chunkSize)}`,
    );
  }
  const chunks: SftMessage[][] = [];
  for (let start = 0; start < messages.length; start += chunkSize) {
    chunks.push(messages.slice(start, start + chunkSize));
  }
  return chunks;
}
