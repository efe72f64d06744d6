import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { startDevtraceService } from "../src/server/start-service.js";
import {
  createRequest,
  makeEvents,
  sealedTrace,
  uploadFor,
} from "../src/store/devtrace-fixtures.js";
import { statusFieldsOf } from "../src/store/devtrace-status.js";
import { createTestDatabase } from "../src/store/postgres-test-database.js";
import type { DevtraceStore } from "../src/store/types.js";
import type { VerifyResult } from "../src/verify/types.js";

/**
 * GET /v1/traces over a page of validated traces: each row shows its reading (incomplete /
 * unverified / validated with the reason). Before: one list query, then the sealed trace and
 * the qa per validated row (1 + 2n queries, every event shipped to Node and parsed). After:
 * listTracesWithOutline, one query whose rows carry the qa and an outline of the seal cut in
 * SQL. Both are timed in the same process on the same database, at the store (the route's work
 * without HTTP), and the route itself over HTTP. Median of --repeat runs after one warm-up.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/trace-list.js [--traces 500] [--events 200] [--repeat 5]
 */
function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const traces = option("traces", 500);
const eventsPerTrace = option("events", 200);
const repeat = option("repeat", 5);
const apiToken = "bench-trace-list-token-0123456789";

/** Validated traces, one in five with a gap, one in five whose tests could not run. */
async function seed(store: DevtraceStore): Promise<void> {
  for (let index = 0; index < traces; index++) {
    const traceId = `bench_list_${String(index).padStart(5, "0")}`;
    await store.createTrace(createRequest, uploadFor(traceId));
    const events = makeEvents(0, eventsPerTrace).filter(
      (event) => index % 5 !== 1 || event.seq !== 7,
    );
    const trace = sealedTrace(traceId, events);
    Object.assign(trace.integrity ?? {}, { count: events.length, head: "h", seal: "s" });
    await store.completeTrace(traceId, { trace, numEvents: 0, jobId: "j" });
    await store.setStatus(traceId, "validated");
    const validation = {
      tests_passed: index % 5 === 2 ? null : true,
      reason: "no sandbox",
      num_passed: 3,
      num_failed: 0,
      failing_tests: [],
      log: "3 passed in 0.02s\n".repeat(20),
    } as unknown as VerifyResult;
    await store.saveQa(traceId, { validation });
  }
}

/** The route's reading as it was: the page, then the seal and qa of each validated row. */
async function readPerRow(store: DevtraceStore) {
  const records = await store.listTraces({ limit: traces });
  return Promise.all(
    records.map(async (record) => {
      if (record.status !== "validated") return statusFieldsOf(record, undefined, undefined);
      const [trace, qa] = await Promise.all([
        store.getSealedTrace(record.trace_id),
        store.getQa(record.trace_id),
      ]);
      return statusFieldsOf(record, trace, qa.validation);
    }),
  );
}

async function readPage(store: DevtraceStore) {
  const listed = await store.listTracesWithOutline({ limit: traces });
  return listed.map(({ record, sealed, qa }) => statusFieldsOf(record, sealed, qa.validation));
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let index = 0; index < repeat; index++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

async function measure(db: string, dataDir: string) {
  const service = await startDevtraceService({
    db,
    dataDir,
    apiTokens: [apiToken],
    hmacKey: "bench-trace-list-key",
    workers: 0,
  });
  try {
    const { store } = service.backend;
    await seed(store);
    const before = await readPerRow(store);
    const after = await readPage(store);
    if (!isDeepStrictEqual(before, after)) throw new Error("the two readings differ");
    const readings = new Set(after.map((fields) => fields.status));
    const http = async () => {
      const response = await fetch(`${service.url}/v1/traces?limit=${traces}`, {
        headers: { authorization: `Bearer ${apiToken}` },
      });
      const body = (await response.json()) as { traces: unknown[] };
      if (body.traces.length !== traces) throw new Error(`listed ${body.traces.length}`);
    };
    return {
      beforeMs: await median(() => readPerRow(store)),
      afterMs: await median(() => readPage(store)),
      httpMs: await median(http),
      readings: [...readings].sort().join("/"),
    };
  } finally {
    await service.close();
  }
}

for (const backend of ["pglite-memory", "pglite-folder", "postgres"] as const) {
  const dataDir = await mkdtemp(join(tmpdir(), "tracemill-bench-list-"));
  const database = backend === "postgres" ? await createTestDatabase("bench_list") : undefined;
  try {
    if (backend === "postgres" && database === undefined) {
      console.log("postgres: skipped (no Postgres server)");
      continue;
    }
    const db =
      backend === "pglite-memory" ? "memory://" : (database?.url ?? join(dataDir, "catalog"));
    const result = await measure(db, dataDir);
    console.log(
      `${backend}: ${traces} validated traces × ${eventsPerTrace} events (${result.readings}): ` +
        `per-row reading ${result.beforeMs.toFixed(0)} ms (${1 + 2 * traces} queries), ` +
        `one query ${result.afterMs.toFixed(0)} ms → ${(result.beforeMs / result.afterMs).toFixed(1)}× faster; ` +
        `GET /v1/traces?limit=${traces} over HTTP ${result.httpMs.toFixed(0)} ms`,
    );
  } finally {
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
