import { copyFile, cp, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { createRedactor } from "../model/redact.js";
import { createDevtraceStore } from "../store/devtrace-store.js";
import { openBlobStore } from "../store/open-blobs.js";
import { isPostgresUrl } from "../store/open-catalog.js";
import { openPglite } from "../store/sql-pglite.js";
import { openPostgres } from "../store/sql-postgres.js";
import type { BlobStore, SqlClient } from "../store/types.js";
import { type StoreReader, storeDevtraceList, storeDevtraceView } from "./devtrace-store-view.js";
import type { DevtraceSummary, DevtraceView } from "./devtrace-view.js";

/**
 * The devtrace catalog the server and workers write (a PGlite folder, or Postgres), opened for
 * reading by `tracemill view`. Postgres is read live. A PGlite folder belongs to one process at a
 * time (the server may have it open), so the viewer never opens it: it reads a copy, taken again
 * when the folder's write-ahead log changed (at most every `refreshMs`). The copy is taken the way
 * a base backup is (control file first, WAL last), so PGlite's recovery makes it consistent.
 */
export interface LiveDevtracesOptions {
  /** A PGlite folder or postgres://…; default `<dataDir>/catalog`. */
  db?: string;
  /** A blob folder or s3://…; default `<dataDir>/blobs` (command outputs are read from it). */
  blobs?: string;
  dataDir: string;
  hmacKey?: string;
  refreshMs?: number;
}

export interface LiveDevtraces {
  list(): Promise<DevtraceSummary[]>;
  view(traceId: string): Promise<DevtraceView>;
  close(): Promise<void>;
}

/** True when `dir` holds a devtrace catalog (`catalog/PG_VERSION`): a tracemill data folder. */
export async function hasDevtraceCatalog(dir: string): Promise<boolean> {
  return stat(join(dir, "catalog", "PG_VERSION")).then(
    (info) => info.isFile(),
    () => false,
  );
}

interface Opened {
  sql: SqlClient;
  snapshot?: string;
  signature: string;
}

export function openLiveDevtraces(options: LiveDevtracesOptions): LiveDevtraces {
  const source = options.db ?? join(options.dataDir, "catalog");
  const postgres = isPostgresUrl(source);
  const refreshMs = options.refreshMs ?? 2000;
  const redactor = createRedactor();
  let opened: Promise<Opened> | undefined;
  let checkedAt = 0;
  let blobs: Promise<BlobStore> | undefined;
  const retired: Opened[] = [];

  const open = async (signature: string): Promise<Opened> => {
    if (postgres) return { sql: await openPostgres(source), signature };
    const snapshot = await snapshotPglite(source);
    try {
      return { sql: await openPglite(join(snapshot, "db")), snapshot, signature };
    } catch (error) {
      await rm(snapshot, { recursive: true, force: true });
      throw error;
    }
  };
  const retire = (old: Opened) => {
    retired.push(old);
    // Requests still reading the old copy finish first.
    setTimeout(() => void dispose(old), 30_000).unref();
  };
  const current = async (): Promise<Opened> => {
    if (opened === undefined) {
      checkedAt = Date.now();
      const signature = postgres ? "" : await walSignature(source);
      opened = open(signature);
      opened.catch(() => {
        opened = undefined;
      });
      return opened;
    }
    if (!postgres && Date.now() - checkedAt > refreshMs) {
      checkedAt = Date.now();
      const previous = await opened;
      const signature = await walSignature(source);
      if (signature !== previous.signature) {
        const next = open(signature);
        opened = next;
        try {
          await next;
          retire(previous);
        } catch {
          opened = Promise.resolve(previous);
        }
      }
    }
    return opened;
  };
  const reader = async (): Promise<StoreReader> => {
    const { sql } = await current();
    blobs ??= openBlobStore(options.blobs, options.dataDir);
    return {
      store: createDevtraceStore(sql),
      blobs: await blobs,
      redactor,
      ...(options.hmacKey === undefined ? {} : { hmacKey: options.hmacKey }),
    };
  };
  return {
    list: async () => storeDevtraceList(await reader()),
    view: async (traceId) => storeDevtraceView(await reader(), traceId),
    async close() {
      const last = await opened?.catch(() => undefined);
      opened = undefined;
      for (const each of [...retired.splice(0), ...(last === undefined ? [] : [last])]) {
        await dispose(each);
      }
      await (await blobs?.catch(() => undefined))?.close();
    },
  };
}

async function dispose(opened: Opened): Promise<void> {
  await opened.sql.close().catch(() => {});
  if (opened.snapshot !== undefined) await rm(opened.snapshot, { recursive: true, force: true });
}

/** Names, sizes and times of the WAL segments and the control file: changes with every commit. */
async function walSignature(folder: string): Promise<string> {
  const parts: string[] = [];
  const control = await stat(join(folder, "global", "pg_control")).catch(() => undefined);
  parts.push(`control:${control?.mtimeMs ?? 0}`);
  const wal = await readdir(join(folder, "pg_wal")).catch(() => [] as string[]);
  for (const name of wal.sort()) {
    const info = await stat(join(folder, "pg_wal", name)).catch(() => undefined);
    if (info?.isFile()) parts.push(`${name}:${info.size}:${info.mtimeMs}`);
  }
  return parts.join("|");
}

/** A copy (in `<returned>/db`) of a PGlite folder that may be open in another process. */
async function snapshotPglite(folder: string): Promise<string> {
  const target = await mkdtemp(join(tmpdir(), "tracemill-view-catalog-"));
  try {
    const control = join(target, "pg_control.first");
    await copyFile(join(folder, "global", "pg_control"), control);
    const wal = join(folder, "pg_wal");
    await cp(folder, join(target, "db"), {
      recursive: true,
      filter: (path) => path !== wal && basename(path) !== "postmaster.pid",
    });
    await cp(wal, join(target, "db", "pg_wal"), { recursive: true });
    await copyFile(control, join(target, "db", "global", "pg_control"));
    await rm(control);
    return target;
  } catch (error) {
    await rm(target, { recursive: true, force: true });
    throw error;
  }
}
