import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevtraceBackend, openDevtraceBackend } from "../pipelines/devtrace/open-backend.js";
import { startDevtraceWorkers } from "../pipelines/devtrace/process-devtrace-job.js";
import { readTaskFile, submitChunkFolder } from "../pipelines/devtrace/submit-chunk-folder.js";
import { createTestDatabase, type TestDatabase } from "../store/postgres-test-database.js";
import { s3rverCredentials, startS3rver } from "../store/s3rver-harness.js";
import {
  allAvailable,
  requireBwrap,
  requirePostgres,
  requirePytest,
  skipWithout,
} from "../test-support/requirements.js";
import { startTestService, type TestService } from "./__fixtures__/test-service.js";

const scenario = fileURLToPath(new URL("../../examples/devtrace/one-line-fix/", import.meta.url));

const needs = [await requirePostgres(), await requireBwrap(), await requirePytest()];

describe("devtrace end to end on Postgres and S3 (s3rver), with a separate worker", () => {
  skipWithout(...needs);
  let database: TestDatabase | undefined;
  let s3: { endpoint: string; close(): Promise<void> } | undefined;
  let s3Dir: string;
  let service: TestService | undefined;
  let worker: DevtraceBackend | undefined;

  beforeAll(async () => {
    if (!allAvailable(...needs)) return;
    database = await createTestDatabase("server_e2e");
    if (!database) return;
    s3Dir = await mkdtemp(join(tmpdir(), "tracemill-s3rver-"));
    s3 = await startS3rver(s3Dir, "traces");
    const blobs = `s3://traces/devtrace?endpoint=${encodeURIComponent(s3.endpoint)}&region=us-east-1&forcePathStyle=true`;
    const blobEnvironment = {
      AWS_ACCESS_KEY_ID: s3rverCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey,
    };
    // The server runs no workers: a second backend (as `tracemill worker` would) does the job.
    service = await startTestService({ db: database.url, blobs, blobEnvironment, workers: 0 });
    worker = await openDevtraceBackend({
      db: database.url,
      blobs,
      blobEnvironment,
      dataDir: service.dataDir,
      queue: { pollingIntervalSeconds: 0.5 },
    });
    await startDevtraceWorkers(worker.jobs, { store: worker.store, blobs: worker.blobs });
  });
  afterAll(async () => {
    await worker?.close();
    await service?.stop();
    await s3?.close();
    if (s3Dir) await rm(s3Dir, { recursive: true, force: true });
    await database?.drop();
  });

  it("one-line-fix is validated with passing tests; the snapshot lives in the bucket", async () => {
    if (!service || !worker) throw new Error("the service and worker did not start");
    const submitted = await submitChunkFolder({
      client: service.client,
      chunksDir: join(scenario, "chunks"),
      task: await readTaskFile(join(scenario, "task.json")),
      snapshotDir: join(scenario, "workspace"),
      pollIntervalMs: 200,
      timeoutMs: 240_000,
    });
    expect(submitted.result?.status).toBe("validated");
    expect(submitted.result?.qa?.validation?.tests_passed).toBe(true);
    expect(service.backend.blobs.kind).toBe("s3");
    expect(service.backend.sql.dialect).toBe("postgres");
    expect(await worker.blobs.has(`sha256/${submitted.snapshot?.sha256}`)).toBe(true);
  });
});
