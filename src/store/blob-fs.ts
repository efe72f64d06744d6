import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { sha256Hex } from "../core/hash.js";
import { safeJoin } from "../core/safe-path.js";
import { blobKeyFor, digestOfKey, missingBlob, writeHashed } from "./blob-keys.js";
import type { BlobStore, PutBlobResult } from "./types.js";

/**
 * Content-addressed blobs in a folder: `<dir>/sha256/ab/cdef…`. Data is written to
 * `<dir>/tmp` first and renamed into place (same filesystem, so atomic): a reader never sees a
 * half-written blob and two writers of the same bytes both end with the same complete file.
 */
export function createFsBlobStore(dir: string): BlobStore {
  const tempDir = join(dir, "tmp");
  let ready: Promise<unknown> | undefined;
  // Folders are made on the first write, so opening a store has no side effect.
  const prepare = () => {
    ready ??= mkdir(tempDir, { recursive: true });
    return ready;
  };

  // Digests are checked hex already; safeJoin is the second lock on the folder's root.
  const pathOf = (digest: string) => safeJoin(dir, "sha256", digest.slice(0, 2), digest.slice(2));
  const tempPath = async () => {
    await prepare();
    return join(tempDir, `${process.pid}-${randomBytes(8).toString("hex")}`);
  };

  async function place(temp: string, digest: string): Promise<void> {
    const target = pathOf(digest);
    if (await exists(target)) {
      await rm(temp, { force: true });
      return;
    }
    await mkdir(join(dir, "sha256", digest.slice(0, 2)), { recursive: true });
    await rename(temp, target);
  }

  return {
    kind: "fs",
    async put(data): Promise<PutBlobResult> {
      if (data instanceof Uint8Array) {
        const digest = sha256Hex(data);
        if (!(await exists(pathOf(digest)))) {
          const temp = await tempPath();
          await writeFile(temp, data, { flag: "wx" });
          await place(temp, digest);
        }
        return { key: blobKeyFor(digest), sha256: digest, bytes: data.byteLength };
      }
      const temp = await tempPath();
      const { sha256, bytes } = await writeHashed(data as Readable, temp);
      await place(temp, sha256);
      return { key: blobKeyFor(sha256), sha256, bytes };
    },
    async get(key) {
      const path = pathOf(digestOfKey(key));
      try {
        return await readFile(path);
      } catch (error) {
        if (isMissing(error)) throw missingBlob(key, dir);
        throw error;
      }
    },
    async getStream(key) {
      const path = pathOf(digestOfKey(key));
      // Opened before returning so a missing blob fails here, not later mid-stream.
      if (!(await exists(path))) throw missingBlob(key, dir);
      return createReadStream(path);
    },
    async has(key) {
      return exists(pathOf(digestOfKey(key)));
    },
    async delete(key) {
      await rm(pathOf(digestOfKey(key)), { force: true });
    },
    async list(prefix = "") {
      const keys: string[] = [];
      const root = join(dir, "sha256");
      if (!(await exists(root))) return keys;
      for (const fanout of await readdir(root)) {
        for (const rest of await readdir(join(root, fanout))) {
          const key = blobKeyFor(`${fanout}${rest}`);
          if (key.startsWith(prefix)) keys.push(key);
        }
      }
      return keys.sort();
    },
    async close() {},
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "ENOENT";
}
