import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDevtraceBackend } from "../../pipelines/devtrace/open-backend.js";
import {
  type DevtraceJobLogEntry,
  formatJobLine,
  startDevtraceWorkers,
} from "../../pipelines/devtrace/process-devtrace-job.js";
import { devtraceJobExpirySeconds } from "../../pipelines/devtrace/queue.js";
import { submitChunkFolder } from "../../pipelines/devtrace/submit-chunk-folder.js";
import {
  startTestService,
  type TestService,
  testHmacKey,
} from "../../server/__fixtures__/test-service.js";
import { createRequest, newTraceId, uploadFor } from "../../store/devtrace-fixtures.js";
import { createTestDatabase, type TestDatabase } from "../../store/postgres-test-database.js";
import {
  allAvailable,
  requireBwrap,
  requirePostgres,
  requirePytest,
  skipWithout,
} from "../../test-support/requirements.js";
import { cliPath, runCli } from "../../test-support/run-cli.js";

describe("tracemill worker on an embedded PGlite folder", () => {
  it("is refused with the alternatives named, and the folder still works afterwards", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "tracemill-worker-pglite-"));
    try {
      const traceId = newTraceId("pglite");
      const before = await openDevtraceBackend({ dataDir });
      await before.store.createTrace(createRequest, uploadFor(traceId));
      await before.close();

      for (const args of [
        ["--data-dir", dataDir],
        ["--db", join(dataDir, "catalog")],
      ]) {
        const result = await runCli(["worker", ...args], { timeoutMs: 30_000 });
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain("serve --workers N");
        expect(result.stderr).toContain("postgres://");
        expect(result.stderr).not.toContain("internal");
      }

      const after = await openDevtraceBackend({ dataDir });
      try {
        expect((await after.store.getTrace(traceId))?.trace_id).toBe(traceId);
        const another = newTraceId("pglite");
        await after.store.createTrace(createRequest, uploadFor(another));
        expect((await after.store.getTrace(another))?.status).toBe("created");
      } finally {
        await after.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

const needs = [await requirePostgres(), await requireBwrap(), await requirePytest()];

/**
 * A worker killed with SIGKILL while its sandbox runs the tests leaves the job `active`; pg-boss
 * fails it once its expiry (sized to the sandbox's wall limit) has passed and another worker
 * retries it. Here the wall limit is 10 s, so the expiry is 40 s and the retry must start within
 * 60 s of the kill (pg-boss's default expiry would take 15 minutes).
 */
describe("a worker killed with kill -9 during verification (Postgres)", () => {
  skipWithout(...needs);
  let database: TestDatabase | undefined;
  let service: TestService;
  let workspace: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    if (!allAvailable(...needs)) return;
    database = await createTestDatabase("killworker");
    if (!database) return;
    service = await startTestService({
      db: database.url,
      workers: 0,
      queue: {
        pollingIntervalSeconds: 0.5,
        expireInSeconds: devtraceJobExpirySeconds(10),
        maintenanceIntervalSeconds: 2,
      },
      jobOptions: { retryLimit: 2, retryDelaySeconds: 0 },
    });
    workspace = await mkdtemp(join(tmpdir(), "tracemill-slow-workspace-"));
    await writeFile(
      join(workspace, "test_slow.py"),
      "import time\n\ndef test_slow():\n    time.sleep(300)\n",
    );
    await mkdir(join(workspace, "chunks"));
    await writeFile(
      join(workspace, "chunks", "chunk_01.json"),
      JSON.stringify({
        chunk_id: "slow-001",
        chunk_seq: 0,
        events: [
          { id: "e0", seq: 0, ts_client_s: 1, type: "cmd_run", cmd: "pytest -q", exit_code: 0 },
        ],
      }),
    );
  }, 60_000);
  afterAll(async () => {
    if (child?.exitCode === null) child.kill("SIGKILL");
    await service?.stop();
    await database?.drop();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  it("has its job retried by another worker within 60 s, and each attempt logs one line", async () => {
    const submitted = await submitChunkFolder({
      client: service.client,
      chunksDir: join(workspace, "chunks"),
      task: { participant_id: "p", task_id: "slow", task_title: "a slow test" },
      snapshotDir: workspace,
      wait: false,
    });
    const traceId = submitted.traceId;
    child = spawn(
      process.execPath,
      [cliPath, "worker", "--db", database?.url ?? "", "--data-dir", service.dataDir],
      { env: { ...process.env, TRACEMILL_HMAC_KEY: testHmacKey }, stdio: "ignore" },
    );
    const store = service.backend.store;
    for (let waited = 0; (await store.getTrace(traceId))?.status !== "validating"; waited++) {
      if (waited > 600) throw new Error("the child worker never started the job");
      await sleep(100);
    }
    await sleep(1000); // the sandbox is running the 300 s test now
    child.kill("SIGKILL");
    const killedAt = Date.now();

    const entries: DevtraceJobLogEntry[] = [];
    let retriedAt: number | undefined;
    await startDevtraceWorkers(service.backend.jobs, {
      store,
      blobs: service.backend.blobs,
      limits: { wallSeconds: 10 },
      onJobDone: (entry) => entries.push(entry),
    });
    // The retry is visible as the job becoming active again in a new attempt.
    while (retriedAt === undefined && Date.now() - killedAt < 90_000) {
      const { rows } = await service.backend.sql.query<{ retry_count: number; state: string }>(
        "SELECT retry_count, state::text AS state FROM pgboss.job WHERE id = $1",
        [submitted.completed.job_id],
      );
      if ((rows[0]?.retry_count ?? 0) >= 1 && rows[0]?.state === "active") retriedAt = Date.now();
      else await sleep(250);
    }
    expect(retriedAt).toBeDefined();
    expect(((retriedAt ?? 0) - killedAt) / 1000).toBeLessThan(60);
    for (let waited = 0; entries.length === 0 && waited < 600; waited++) await sleep(100);
    const entry = entries[0];
    expect(entry).toMatchObject({ traceId, kind: "devtrace.verify", attempt: 2, attempts: 3 });
    expect(formatJobLine(entry as DevtraceJobLogEntry)).toMatch(
      new RegExp(
        `^job devtrace.verify trace=${traceId} .* duration=\\d+\\.\\d\\ds result=validated`,
      ),
    );
  }, 180_000);
});
