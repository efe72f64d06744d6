import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { TracemillError } from "../core/errors.js";

/** Blob keys are content addresses: "sha256/<64 lowercase hex>". */
const keyPattern = /^sha256\/([0-9a-f]{64})$/;

export function blobKeyFor(sha256: string): string {
  return `sha256/${sha256}`;
}

/** The hex digest of a key; anything else is refused before it reaches a path or a bucket. */
export function digestOfKey(key: string): string {
  const match = keyPattern.exec(key);
  if (match?.[1] === undefined) {
    throw new TracemillError(
      "input_invalid",
      `blob key ${JSON.stringify(key)} is not sha256/<hex>`,
    );
  }
  return match[1];
}

export function missingBlob(key: string, where: string): TracemillError {
  return new TracemillError("not_found", `blob ${key} is not in ${where}`);
}

/**
 * Streams `input` into `path` while hashing it, so a large upload is read once and never held
 * in memory. The partial file is removed when the stream fails.
 */
export async function writeHashed(
  input: Readable,
  path: string,
): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    await pipeline(
      input,
      async function* (source: AsyncIterable<Buffer | string>) {
        for await (const chunk of source) {
          const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
          hash.update(buffer);
          bytes += buffer.length;
          yield buffer;
        }
      },
      createWriteStream(path, { flags: "wx" }),
    );
  } catch (error) {
    await rm(path, { force: true });
    throw new TracemillError("io", `cannot write blob data to ${path}: ${String(error)}`, {
      cause: error,
    });
  }
  return { sha256: hash.digest("hex"), bytes };
}
