import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { setImmediate } from "node:timers/promises";

/**
 * A file written under a temporary name and renamed on commit, so a crashed or refused run never
 * leaves half a dataset behind and a rerun always overwrites (never appends).
 */
export interface AtomicFile {
  readonly path: string;
  readonly temporaryPath: string;
  write(text: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export async function openAtomicFile(path: string): Promise<AtomicFile> {
  await mkdir(dirname(path), { recursive: true });
  const temporaryPath = `${path}.tmp-${process.pid}`;
  // Room for ~16 gathered chunks: with the default 16 KiB every 64 KiB chunk waited for its write.
  const stream: WriteStream = createWriteStream(temporaryPath, {
    flags: "w",
    highWaterMark: 1024 * 1024,
  });
  await once(stream, "open");
  let closed = false;
  // Rows are small: gather them into ~64 KB writes instead of one stream write (and one
  // syscall) per row, which cost more than building the rows.
  let pending: (string | Uint8Array)[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const chunk = pending.every((part) => typeof part === "string")
      ? pending.join("")
      : Buffer.concat(pending.map((part) => (typeof part === "string" ? Buffer.from(part) : part)));
    pending = [];
    pendingBytes = 0;
    // Respect back-pressure so a million rows never pile up in the stream's buffer.
    if (!stream.write(chunk)) await once(stream, "drain");
    // Rows arrive through promises alone, so without a turn of the event loop no finished write
    // is seen and the next one never starts until the buffer is full: the disk and the CPU would
    // take turns instead of working together.
    else await setImmediate();
  };
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await flush();
    stream.end();
    await once(stream, "finish");
  };
  return {
    path,
    temporaryPath,
    async write(text) {
      pending.push(text);
      pendingBytes += text.length;
      if (pendingBytes >= 64 * 1024) await flush();
    },
    async commit() {
      await close();
      await rename(temporaryPath, path);
    },
    async abort() {
      await close();
      await rm(temporaryPath, { force: true });
    },
  };
}
