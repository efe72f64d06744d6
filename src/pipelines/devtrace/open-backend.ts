import { ensurePrivateDir } from "../../core/files.js";
import { createDevtraceStore } from "../../store/devtrace-store.js";
import { createJobQueue, type JobQueueOptions } from "../../store/job-queue.js";
import { type BlobEnvironment, openBlobStore } from "../../store/open-blobs.js";
import { openSqlClient } from "../../store/open-catalog.js";
import { openPglite } from "../../store/sql-pglite.js";
import type { BlobStore, DevtraceStore, JobQueue, SqlClient } from "../../store/types.js";
import { defaultSandboxLimits } from "../../verify/limits.js";
import { devtraceJobExpirySeconds, devtraceMaintenanceIntervalSeconds } from "./queue.js";

/**
 * The storage a devtrace server or worker runs on: catalog (PGlite folder or Postgres), blobs
 * (folder or S3) and the pg-boss queue in the catalog's database. `serve` and `worker` open the
 * same backend, which is what lets workers on other machines share the work.
 */
/** `--db memory://`: an embedded catalog that lives as long as the process (demos, tests). */
export const memoryCatalog = "memory://";

export interface DevtraceBackendOptions {
  /** A folder (PGlite), `memory://` (PGlite in memory) or postgres://…; default `<dataDir>/catalog`. */
  db?: string;
  /** A folder or s3://bucket/prefix?endpoint=…; default `<dataDir>/blobs`. */
  blobs?: string;
  dataDir: string;
  blobEnvironment?: BlobEnvironment;
  queue?: JobQueueOptions;
}

export interface DevtraceBackend {
  sql: SqlClient;
  store: DevtraceStore;
  blobs: BlobStore;
  jobs: JobQueue;
  close(): Promise<void>;
}

export async function openDevtraceBackend(
  options: DevtraceBackendOptions,
): Promise<DevtraceBackend> {
  await ensurePrivateDir(options.dataDir);
  const sql =
    options.db === memoryCatalog
      ? await openPglite()
      : await openSqlClient(options.db, options.dataDir);
  const opened: { blobs?: BlobStore; jobs?: JobQueue } = {};
  try {
    const store = createDevtraceStore(sql);
    await store.migrate();
    const blobs = await openBlobStore(options.blobs, options.dataDir, options.blobEnvironment);
    opened.blobs = blobs;
    const jobs = createJobQueue(sql, {
      expireInSeconds: devtraceJobExpirySeconds(defaultSandboxLimits.wallSeconds),
      maintenanceIntervalSeconds: devtraceMaintenanceIntervalSeconds,
      ...options.queue,
    });
    await jobs.start();
    opened.jobs = jobs;
    return {
      sql,
      store,
      blobs,
      jobs,
      async close() {
        await jobs.stop();
        await blobs.close();
        await sql.close();
      },
    };
  } catch (error) {
    await opened.jobs?.stop().catch(() => {});
    await opened.blobs?.close().catch(() => {});
    await sql.close().catch(() => {});
    throw error;
  }
}
