import * as crypto from "node:crypto";
import { createHash, createHmac } from "node:crypto";
import { createReadStream } from "node:fs";
import { canonicalJson } from "./canonical-json.js";

/**
 * One-shot `crypto.hash` (Node >= 20.12) skips the Hash object a streaming hash needs: about
 * half the cost for the short texts ids are made from. Older Nodes take the streaming form.
 */
const oneShotHash: typeof crypto.hash | undefined =
  typeof crypto.hash === "function" ? crypto.hash : undefined;

export function sha256Hex(data: string | Uint8Array): string {
  if (oneShotHash !== undefined) return oneShotHash("sha256", data, "hex");
  return createHash("sha256").update(data).digest("hex");
}

export function hmacSha256Hex(key: string | Uint8Array, data: string | Uint8Array): string {
  return createHmac("sha256", key).update(data).digest("hex");
}

/** sha256 and size of a file, streamed so large recordings are never held in memory. */
export async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  // 1 MiB reads: with the default 64 KiB, hashing a dataset of some GB waited on each small read.
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/**
 * Deterministic id: sha256 of the canonical JSON of the defining fields, shortened and
 * prefixed with its kind (`trace_…`, `grade_…`), so reruns produce the same ids.
 */
export function deterministicId(kind: string, fields: unknown, length = 24): string {
  return `${kind}_${sha256Hex(canonicalJson(fields)).slice(0, length)}`;
}
