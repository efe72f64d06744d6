import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Where a near-duplicate index keeps its fixed-size MinHash signatures, one per position. The
 * index reads a stored signature only when a band key and its tag already match (a likely near
 * copy) and when its head table is rebuilt, so the signatures can live in memory (fast; 64 B a
 * row of RAM) or in a temporary file (a few reads per near copy; 64 B a row of disk).
 */
export interface SignatureStore {
  /** Stores a copy; positions are numbered 0, 1, 2… in call order. */
  append(signature: Uint8Array): void;
  /** The signature at `position`: a view that is valid until the next call on the store. */
  get(position: number): Uint8Array;
  /** Visits positions `from` to `to - 1` in order (views valid during the callback only). */
  scan(from: number, to: number, visit: (signature: Uint8Array, position: number) => void): void;
  /** Frees memory and removes any file; the store cannot be used afterwards. */
  close(): void;
  readonly size: number;
}

function checkPosition(position: number, count: number): void {
  if (!(Number.isInteger(position) && position >= 0 && position < count)) {
    throw new RangeError(`no signature at position ${position}`);
  }
}

/**
 * Rows per fixed page (16,384) of the paged typed arrays here and in the near-duplicate table:
 * pages are added, never copied, so growing never holds an old and a new array at once.
 */
export const pageBits = 14;
export const pageRows = 1 << pageBits;
export const pageMask = pageRows - 1;

/** Signatures side by side in fixed pages of `pageRows`. */
export function createMemorySignatureStore(width: number): SignatureStore {
  let pages: Uint8Array[] = [];
  let count = 0;
  const get = (position: number) => {
    checkPosition(position, count);
    const offset = (position & pageMask) * width;
    return (pages[position >>> pageBits] as Uint8Array).subarray(offset, offset + width);
  };
  return {
    append(signature) {
      if ((count & pageMask) === 0) pages.push(new Uint8Array(pageRows * width));
      (pages[count >>> pageBits] as Uint8Array).set(signature, (count & pageMask) * width);
      count += 1;
    },
    get,
    scan(from, to, visit) {
      for (let position = from; position < to; position++) visit(get(position), position);
    },
    close() {
      pages = [];
    },
    get size() {
      return count;
    },
  };
}

export interface FileSignatureStoreOptions {
  /** Folder for the temporary file; the OS temp folder when absent. */
  directory?: string;
  /** Signatures held in memory before they are written out; small exports never touch disk. */
  bufferRows?: number;
}

/**
 * Signatures in one temporary file of fixed-size records (position × width), written in blocks;
 * the latest block stays in memory until it is full. Reads are synchronous `pread`s of one
 * record, served by the page cache: the index reads only likely near copies.
 */
export function createFileSignatureStore(
  width: number,
  options: FileSignatureStoreOptions = {},
): SignatureStore {
  const bufferRows = Math.max(1, options.bufferRows ?? 4096);
  let pending = new Uint8Array(bufferRows * width);
  let scratch = new Uint8Array(width);
  let count = 0;
  let written = 0;
  let file: { folder: string; fd: number } | undefined;
  let closed = false;

  const open = () => {
    if (closed) throw new Error("signature store is closed");
    if (file === undefined) {
      const folder = mkdtempSync(join(options.directory ?? tmpdir(), "tracemill-signatures-"));
      file = { folder, fd: openSync(join(folder, "signatures.bin"), "w+") };
    }
    return file.fd;
  };
  const readInto = (target: Uint8Array, position: number, rows: number) => {
    const fd = open();
    const length = rows * width;
    let done = 0;
    while (done < length) {
      const bytes = readSync(fd, target, done, length - done, position * width + done);
      if (bytes === 0) throw new Error(`signature file ends before position ${position}`);
      done += bytes;
    }
  };
  const get = (position: number): Uint8Array => {
    checkPosition(position, count);
    if (position >= written) {
      const offset = (position - written) * width;
      return pending.subarray(offset, offset + width);
    }
    readInto(scratch, position, 1);
    return scratch;
  };

  return {
    append(signature) {
      if (closed) throw new Error("signature store is closed");
      pending.set(signature, (count - written) * width);
      count += 1;
      if (count - written < bufferRows) return;
      const fd = open();
      let done = 0;
      while (done < pending.length) {
        done += writeSync(fd, pending, done, pending.length - done, written * width + done);
      }
      written = count;
    },
    get,
    scan(from, to, visit) {
      let position = from;
      // Written positions in blocks of the buffer's size, then the pending ones.
      const block = new Uint8Array(bufferRows * width);
      while (position < Math.min(to, written)) {
        const rows = Math.min(bufferRows, Math.min(to, written) - position);
        readInto(block, position, rows);
        for (let row = 0; row < rows; row++) {
          visit(block.subarray(row * width, (row + 1) * width), position + row);
        }
        position += rows;
      }
      for (; position < to; position++) visit(get(position), position);
    },
    close() {
      if (closed) return;
      closed = true;
      pending = new Uint8Array(0);
      scratch = new Uint8Array(0);
      if (file === undefined) return;
      const { folder, fd } = file;
      file = undefined;
      try {
        closeSync(fd);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
    get size() {
      return count;
    },
  };
}
