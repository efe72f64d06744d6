import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevtraceClient } from "../client/devtrace-client.js";
import { type DevtraceService, startDevtraceService } from "../server/start-service.js";
import { createTestDatabase, type TestDatabase } from "../store/postgres-test-database.js";
import { allAvailable, requirePostgres, skipWithout } from "../test-support/requirements.js";
import { buildViewerServer } from "./viewer-server.js";

/**
 * `tracemill view --db postgres://… --data <tracemill-data>`: the viewer reads a devtrace server's
 * Postgres catalog live, while the server runs: list with status, a trace's events with its
 * command output from the blob folder, redacted on the way out.
 */
const postgres = await requirePostgres();
skipWithout(postgres);

const secret = "ghp_4f7Hk2Lm9Np3Qr8St1Uv6Wx0Yz5Ab2Cd7Ef9G";
const apiToken = "tm_viewer_live_postgres_token_0123456789";
let database: TestDatabase | undefined;
let workspace: string;
let service: DevtraceService;
let viewer: FastifyInstance;
let traceId: string;

beforeAll(async () => {
  if (!allAvailable(postgres)) return;
  database = await createTestDatabase("viewer_live");
  if (database === undefined) return;
  workspace = await mkdtemp(join(tmpdir(), "tracemill-viewer-pg-"));
  const dataDir = join(workspace, "tracemill-data");
  service = await startDevtraceService({
    dataDir,
    db: database.url,
    apiTokens: [apiToken],
    hmacKey: "viewer-live-postgres-key",
    workers: 0,
  });
  const client = createDevtraceClient({ baseUrl: service.url, token: apiToken });
  traceId = (
    await client.createTrace({
      participant_id: "p1",
      task_id: "t1",
      task_title: "Postgres trace",
      consent: { outputs: true },
    })
  ).trace_id;
  await client.ingest(traceId, {
    chunk_id: "c0",
    chunk_seq: 0,
    events: [
      { id: "e0", seq: 0, ts_client_s: 1_700_000_000, type: "cmd_run", cmd: "env", exit_code: 0 },
    ],
  });
  await client.putArtifact(traceId, "out-0", Buffer.from(`TOKEN=${secret}\n`), {
    type: "stdout",
    eventId: "e0",
  });
  viewer = await buildViewerServer({
    runsDir: join(workspace, "runs"),
    webDir: join(workspace, "no-web"),
    dataDir,
    db: database.url,
  });
}, 120_000);

afterAll(async () => {
  await viewer?.close();
  await service?.close();
  await database?.drop();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

describe("viewer over a live Postgres devtrace store", () => {
  it("lists the trace with its status and shows its command output, redacted", async () => {
    const list = await viewer.inject({ url: "/api/devtraces" });
    expect(list.statusCode).toBe(200);
    const rows = (list.json() as { devtraces: { id: string; status?: string }[] }).devtraces;
    expect(rows.find((row) => row.id === traceId)?.status).toBe("ingesting");
    const page = await viewer.inject({
      url: `/api/devtrace?key=${encodeURIComponent(`store:${traceId}`)}`,
    });
    expect(page.statusCode).toBe(200);
    const view = page.json() as { steps: { command?: string; stdout?: string }[] };
    expect(view.steps[0]?.command).toBe("env");
    expect(view.steps[0]?.stdout).toContain("TOKEN=");
    expect(page.body).not.toContain(secret);
  });
});
