/**
 * src/store: where developer traces live. The catalog is one SQL dialect (Postgres) over a
 * SqlClient: PGlite embedded in a folder by default, a Postgres server with a postgres:// URL.
 * Blobs are content-addressed (sha256/<hex>) in a folder or an S3 bucket. Jobs go through
 * pg-boss in the catalog's database. Each interface has one conformance suite every
 * implementation passes.
 */
export { createFsBlobStore } from "./blob-fs.js";
export { blobKeyFor, digestOfKey } from "./blob-keys.js";
export { createS3BlobStore, type S3BlobStoreOptions } from "./blob-s3.js";
export { devtraceMigrations } from "./devtrace-schema.js";
export { createDevtraceStore } from "./devtrace-store.js";
export { createJobQueue, type JobQueueOptions } from "./job-queue.js";
export { type Migration, runMigrations } from "./migrations.js";
export { type BlobEnvironment, openBlobStore, parseBlobUrl } from "./open-blobs.js";
export { isPostgresUrl, openSqlClient } from "./open-catalog.js";
export { createPgliteClient, openPglite } from "./sql-pglite.js";
export { openPostgres, redactUrl } from "./sql-postgres.js";
export type * from "./types.js";
