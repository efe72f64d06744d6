import { rowJson } from "../checks/parsed-rows.js";
import { type AtomicFile, openAtomicFile } from "./atomic-file.js";

/** Where rows go: a real file, or (dry run) nowhere but a counter. */
export interface LineSink {
  readonly path: string;
  /** Lines written so far. */
  readonly rows: number;
  writeObject(value: unknown): Promise<void>;
  /** Finish the file; returns nothing because hashes are taken from disk by the receipt. */
  close(): Promise<void>;
  abort(): Promise<void>;
}

/** Streams one canonical JSON object per line, so reruns produce the same bytes. */
export async function openJsonlWriter(path: string, dryRun = false): Promise<LineSink> {
  const file: AtomicFile | undefined = dryRun ? undefined : await openAtomicFile(path);
  let rows = 0;
  return {
    path,
    get rows() {
      return rows;
    },
    async writeObject(value) {
      rows += 1;
      if (file) await file.write(`${rowJson(value)}\n`);
    },
    async close() {
      if (file) await file.commit();
    },
    async abort() {
      if (file) await file.abort();
    },
  };
}
