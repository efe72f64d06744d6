import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createRequest,
  makeEvents,
  newTraceId,
  uploadFor,
} from "../src/store/devtrace-fixtures.js";
import { createDevtraceStore } from "../src/store/devtrace-store.js";
import { openSqlClient } from "../src/store/open-catalog.js";
import { createTestDatabase } from "../src/store/postgres-test-database.js";
import { openPglite } from "../src/store/sql-pglite.js";
import type { SqlClient } from "../src/store/types.js";

/**
 * Store-level ingest throughput, 100-event chunks, no HTTP: `ingestChunk` (transaction, row lock,
 * idempotent insert, counter) against two baselines measured in the same process on the same
 * database — one bare INSERT of the chunk's jsonb (the floor), and one row per event (the
 * design the jsonb array replaces). Each backend runs in its own process so peak RSS is its own.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/store.js [--chunks 2000] [--clients 8]
 */
type Backend = "pglite-memory" | "pglite-folder" | "postgres";

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

async function inParallel(clients: number, total: number, run: (index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let index = next++; index < total; index = next++) await run(index);
    }),
  );
}

async function measure(sql: SqlClient, chunks: number, clients: number) {
  const store = createDevtraceStore(sql);
  await store.migrate();
  await sql.exec(
    "CREATE TABLE bench_chunks (id text PRIMARY KEY, events jsonb NOT NULL);" +
      "CREATE TABLE bench_events (trace_id text, seq int, event jsonb, PRIMARY KEY (trace_id, seq))",
  );
  const payloads = Array.from({ length: 50 }, (_, index) => makeEvents(index * 100, 100));
  const payload = (index: number) => payloads[index % payloads.length] ?? [];

  let started = performance.now();
  await inParallel(clients, chunks, async (index) => {
    await sql.query("INSERT INTO bench_chunks VALUES ($1, $2::jsonb)", [
      `chunk-${index}`,
      JSON.stringify(payload(index)),
    ]);
  });
  const bareSeconds = (performance.now() - started) / 1000;

  const traceIds = Array.from({ length: clients }, () => newTraceId("bench"));
  for (const traceId of traceIds) await store.createTrace(createRequest, uploadFor(traceId));
  started = performance.now();
  await inParallel(clients, chunks, async (index) => {
    await store.ingestChunk(traceIds[index % clients] as string, {
      chunkId: `chunk-${index}`,
      chunkSeq: index,
      idempotencyKey: `chunk-${index}`,
      events: payload(index),
      artifacts: [],
    });
  });
  const storeSeconds = (performance.now() - started) / 1000;

  const rowChunks = Math.max(1, Math.floor(chunks / 10));
  started = performance.now();
  await inParallel(clients, rowChunks, async (index) => {
    await sql.transaction(async (tx) => {
      for (const event of payload(index)) {
        await tx.query("INSERT INTO bench_events VALUES ($1, $2, $3::jsonb)", [
          `t${index}`,
          event.seq,
          JSON.stringify(event),
        ]);
      }
    });
  });
  const rowSeconds = (performance.now() - started) / 1000;

  const stored = await store.getTrace(traceIds[0] as string);
  return {
    chunks,
    clients,
    eventsPerSecond: (chunks * 100) / storeSeconds,
    bareEventsPerSecond: (chunks * 100) / bareSeconds,
    rowEventsPerSecond: (rowChunks * 100) / rowSeconds,
    meanChunkMs: (storeSeconds * 1000 * clients) / chunks,
    checkEvents: stored?.num_events,
  };
}

async function runBackend(backend: Backend, chunks: number, clients: number) {
  if (backend === "postgres") {
    const database = await createTestDatabase("bench");
    if (database === undefined) return { skipped: "no Postgres server" };
    const sql = await openSqlClient(database.url, "/unused");
    try {
      return await measure(sql, chunks, clients);
    } finally {
      await sql.close();
      await database.drop();
    }
  }
  const dir = await mkdtemp(join(tmpdir(), "tracemill-bench-store-"));
  const sql =
    backend === "pglite-memory" ? await openPglite() : await openSqlClient(undefined, dir);
  try {
    return await measure(sql, chunks, clients);
  } finally {
    await sql.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const child = process.argv.indexOf("--child");
const chunks = option("chunks", 2000);
const clients = option("clients", 8);
if (child !== -1) {
  const backend = process.argv[child + 1] as Backend;
  const result = await runBackend(backend, chunks, clients);
  process.stdout.write(
    `${JSON.stringify({ ...result, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  );
} else {
  const script = fileURLToPath(import.meta.url);
  for (const backend of ["pglite-memory", "pglite-folder", "postgres"] as const) {
    const run = spawnSync(
      process.execPath,
      [script, "--child", backend, "--chunks", String(chunks), "--clients", String(clients)],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    if (run.status !== 0) throw new Error(`${backend} failed: ${run.stderr}`);
    const result = JSON.parse(run.stdout.trim().split("\n").at(-1) as string);
    if (result.skipped !== undefined) {
      console.log(`${backend}: skipped (${result.skipped})`);
      continue;
    }
    console.log(
      `${backend}: ingestChunk ${Math.round(result.eventsPerSecond)} events/s ` +
        `(${result.chunks} chunks × 100 events, ${result.clients} concurrent callers, ` +
        `mean ${result.meanChunkMs.toFixed(2)} ms/chunk); bare INSERT baseline ` +
        `${Math.round(result.bareEventsPerSecond)} events/s → ${(result.eventsPerSecond / result.bareEventsPerSecond).toFixed(2)}× of it; ` +
        `one row per event ${Math.round(result.rowEventsPerSecond)} events/s → jsonb array is ` +
        `${(result.eventsPerSecond / result.rowEventsPerSecond).toFixed(1)}× faster; peak RSS ${result.peakRssMb} MB`,
    );
  }
}
