import { readSync } from "node:fs";
import { type FileHandle, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { grown } from "./grown-array.js";

/**
 * Values an exporter sets aside while it streams and reads back by slot, so an exporter that
 * must see its whole input before emitting (preference pairing) holds slot numbers, not records.
 * Calls are sequential: each is awaited before the next.
 */
export interface Spill<Value> {
  /** Stores a copy of `value`; slots are numbered 0, 1, 2… in call order. */
  append(value: Value): Promise<number>;
  read(slot: number): Promise<Value>;
  /** Frees the buffer and removes any file; the spill cannot be used afterwards. */
  close(): Promise<void>;
  readonly size: number;
}

export type OpenSpill = <Value>() => Spill<Value>;

export interface FileSpillOptions {
  /** Folder for the temporary file; the OS temp folder when absent. */
  directory?: string;
  /** Bytes held in memory before they are written out; small inputs never touch the disk. */
  bufferBytes?: number;
}

const defaultBufferBytes = 1024 * 1024;

/**
 * A spill to one temporary JSON Lines file: a value reads back as JSON carries it (`undefined`
 * members dropped), which is all an `ExportRecord` read from files holds. JSON rather than the
 * structured-clone serializer because it encodes records twice as fast. Each line is copied into
 * a byte buffer as soon as it is encoded, so the string dies young instead of waiting in the
 * old generation for the next flush (the whole input passes through here: gigabytes at a million
 * records). Memory: 8 bytes a slot (its end offset) plus the write buffer.
 */
export function createFileSpill<Value>(options: FileSpillOptions = {}): Spill<Value> {
  const bufferBytes = Math.max(1, options.bufferBytes ?? defaultBufferBytes);
  let ends: Float64Array<ArrayBuffer> = new Float64Array(1024);
  let count = 0;
  /** Encoded values not yet written, one line each: the latest slots, from `writtenBytes` on. */
  let pending = Buffer.allocUnsafe(bufferBytes);
  let pendingBytes = 0;
  let writtenBytes = 0;
  let file: { folder: string; handle: FileHandle } | undefined;
  let closed = false;

  const startOf = (slot: number) => (slot === 0 ? 0 : (ends[slot - 1] as number));

  const writeOut = async (chunk: Buffer) => {
    if (file === undefined) {
      const folder = await mkdtemp(join(options.directory ?? tmpdir(), "tracemill-spill-"));
      file = { folder, handle: await open(join(folder, "spill.bin"), "w+") };
    }
    let done = 0;
    while (done < chunk.length) {
      const { bytesWritten } = await file.handle.write(
        chunk,
        done,
        chunk.length - done,
        writtenBytes + done,
      );
      done += bytesWritten;
    }
    writtenBytes += chunk.length;
  };
  const flush = async () => {
    if (pendingBytes === 0) return;
    const chunk = pending.subarray(0, pendingBytes);
    pendingBytes = 0;
    await writeOut(chunk);
  };

  return {
    async append(value) {
      if (closed) throw new Error("spill is closed");
      const line = `${JSON.stringify(value)}\n`;
      // Worst case three bytes a UTF-16 unit: when that may not fit, make room first.
      if (pendingBytes + line.length * 3 > bufferBytes) await flush();
      let bytes: number;
      if (line.length * 3 <= bufferBytes) {
        bytes = pending.write(line, pendingBytes);
        pendingBytes += bytes;
      } else {
        const encoded = Buffer.from(line);
        bytes = encoded.length;
        await writeOut(encoded);
      }
      ends = grown(ends, count + 1);
      ends[count] = startOf(count) + bytes;
      return count++;
    },
    async read(slot) {
      if (closed) throw new Error("spill is closed");
      if (!(Number.isInteger(slot) && slot >= 0 && slot < count)) {
        throw new RangeError(`no spilled value in slot ${slot}`);
      }
      const start = startOf(slot);
      const length = (ends[slot] as number) - start;
      if (start >= writtenBytes) {
        const from = start - writtenBytes;
        return JSON.parse(pending.toString("utf8", from, from + length)) as Value;
      }
      const handle = (file as { handle: FileHandle }).handle;
      const buffer = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        // A value is a few KB, read back from the page cache: a synchronous read takes ~3 µs
        // where a thread-pool round trip takes ~23 µs (measured), once per paired record.
        const bytesRead = readSync(handle.fd, buffer, done, length - done, start + done);
        if (bytesRead === 0) throw new Error(`spill file ends before slot ${slot}`);
        done += bytesRead;
      }
      return JSON.parse(buffer.toString()) as Value;
    },
    async close() {
      if (closed) return;
      closed = true;
      pending = Buffer.alloc(0);
      ends = new Float64Array(0);
      if (file === undefined) return;
      const { folder, handle } = file;
      file = undefined;
      try {
        await handle.close();
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
    get size() {
      return count;
    },
  };
}
