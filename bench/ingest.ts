import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Fastify from "fastify";
import { memoryCatalog } from "../src/pipelines/devtrace/open-backend.js";
import { startDevtraceService } from "../src/server/start-service.js";
import { createTestDatabase } from "../src/store/postgres-test-database.js";

/**
 * Devtrace ingest over real HTTP on loopback: C concurrent clients each post K chunks of 100
 * events (a mix of commands, edits with diffs, test runs and rationale notes) to
 * POST /v1/traces/{id}/events:ingest — validation, redaction, consent and one idempotent catalog
 * write per chunk — on PGlite (embedded, a folder; and in memory, for comparison) and on Postgres. The baseline is a bare
 * Fastify route that parses the same body and answers without storing, driven by the same
 * clients, so the ratio is what tracemill's work costs. Each measurement runs in its own process.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/ingest.js [--clients 8] [--chunks 150] [--warmup 10]
 */
const apiToken = "bench-api-token-0123456789";
const eventsPerChunk = 100;

interface Measurement {
  target: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
}

function chunkBody(client: number, index: number): string {
  const events = Array.from({ length: eventsPerChunk }, (_, offset) => {
    const seq = index * eventsPerChunk + offset;
    const base = { id: `c${client}-e${seq}`, seq, ts_client_s: 1_700_000_000 + seq / 10 };
    switch (seq % 4) {
      case 0:
        return {
          ...base,
          type: "cmd_run",
          cmd: `pytest tests/test_${seq}.py -q`,
          cwd: "/workspace",
          exit_code: seq % 3 === 0 ? 1 : 0,
        };
      case 1:
        return {
          ...base,
          type: "file_edit",
          file_path: `src/module_${seq % 17}.py`,
          language: "python",
          diff_unified: `--- a/src/module.py\n+++ b/src/module.py\n@@ -10,3 +10,3 @@\n def f(x):\n-    return x + ${seq}\n+    return x * ${seq}\n`,
        };
      case 2:
        return {
          ...base,
          type: "test_run",
          framework: "pytest",
          num_passed: 12,
          num_failed: seq % 2,
          failed_tests: seq % 2 ? [`test_${seq}`] : [],
        };
      default:
        return {
          ...base,
          type: "rationale_note",
          structured: {
            hypothesis: `the off-by-one in step ${seq} causes the failure`,
            next_step: "rerun the focused test",
          },
        };
    }
  });
  return JSON.stringify({ chunk_id: `chunk-${index}`, chunk_seq: index, events });
}

function post(
  agent: Agent,
  port: number,
  path: string,
  token: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...headers,
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (part: string) => {
          text += part;
        });
        response.on("end", () => resolvePromise({ status: response.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function drive(
  port: number,
  clients: number,
  chunks: number,
  target: (client: number) => Promise<{ path: string; token: string }>,
): Promise<Omit<Measurement, "target" | "peakRssMb">> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  // Warm-up, not measured: each client posts `warmup` chunks to a trace of its own first, so the
  // figures are the steady state, not JIT compilation and the first database pages.
  const warmupTargets = await Promise.all(
    Array.from({ length: clients }, (_, client) => target(client)),
  );
  await Promise.all(
    warmupTargets.map(async ({ path, token }, client) => {
      for (let index = 0; index < warmup; index++) {
        const answer = await post(agent, port, path, token, chunkBody(client, index), {
          "idempotency-key": `warm-${index}`,
        });
        if (answer.status !== 200) throw new Error(`warm-up ${answer.status}: ${answer.text}`);
      }
    }),
  );
  const targets = await Promise.all(Array.from({ length: clients }, (_, client) => target(client)));
  const bodies = targets.map((_, client) =>
    Array.from({ length: chunks }, (_, index) => chunkBody(client, index)),
  );
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    targets.map(async ({ path, token }, client) => {
      for (let index = 0; index < chunks; index++) {
        const body = bodies[client]?.[index] as string;
        const sent = performance.now();
        const answer = await post(agent, port, path, token, body, {
          "idempotency-key": `chunk-${index}`,
        });
        latencies.push(performance.now() - sent);
        if (answer.status !== 200)
          throw new Error(`${answer.status}: ${answer.text.slice(0, 300)}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const events = clients * chunks * eventsPerChunk;
  return {
    events,
    seconds,
    eventsPerSecond: events / seconds,
    p50Ms: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    p99Ms: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0,
  };
}

async function measureBaseline(clients: number, chunks: number) {
  const app = Fastify({ bodyLimit: 10 * 1024 * 1024 });
  app.post("/baseline/:id/events::ingest", async (req) => ({
    status: "accepted",
    chunk_id: (req.body as { chunk_id: string }).chunk_id,
    events_added: eventsPerChunk,
  }));
  await app.listen({ host: "127.0.0.1", port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const result = await drive(port, clients, chunks, async (client) => ({
    path: `/baseline/t${client}/events:ingest`,
    token: apiToken,
  }));
  await app.close();
  return result;
}

type ServiceTarget = "pglite" | "pglite-memory" | "postgres";

async function measureService(db: ServiceTarget, clients: number, chunks: number) {
  const dataDir = await mkdtemp(join(tmpdir(), "tracemill-bench-ingest-"));
  const database = db === "postgres" ? await createTestDatabase("bench_ingest") : undefined;
  if (db === "postgres" && !database) throw new Error("no Postgres server at 127.0.0.1:5432");
  const service = await startDevtraceService({
    ...(database ? { db: database.url } : {}),
    ...(db === "pglite-memory" ? { db: memoryCatalog } : {}),
    dataDir,
    apiTokens: [apiToken],
    hmacKey: "bench-hmac-key",
    workers: 0,
  });
  try {
    const port = Number(new URL(service.url).port);
    const agent = new Agent({ keepAlive: true });
    const result = await drive(port, clients, chunks, async () => {
      const created = await post(
        agent,
        port,
        "/v1/traces",
        apiToken,
        JSON.stringify({ participant_id: "bench", task_id: "bench", task_title: "Bench" }),
      );
      const { trace_id, upload_token } = JSON.parse(created.text) as {
        trace_id: string;
        upload_token: string;
      };
      return { path: `/v1/traces/${trace_id}/events:ingest`, token: upload_token };
    });
    agent.destroy();
    return result;
  } finally {
    await service.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const child = process.argv.indexOf("--child");
const clients = option("clients", 8);
const chunks = option("chunks", 150);
const warmup = option("warmup", 10);
if (child !== -1) {
  const what = process.argv[child + 1] as "baseline" | ServiceTarget;
  const result =
    what === "baseline"
      ? await measureBaseline(clients, chunks)
      : await measureService(what, clients, chunks);
  const measurement: Measurement = {
    target: what,
    ...result,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
} else {
  const script = fileURLToPath(import.meta.url);
  const run = (what: string): Measurement | undefined => {
    const result = spawnSync(
      process.execPath,
      [
        script,
        "--child",
        what,
        "--clients",
        String(clients),
        "--chunks",
        String(chunks),
        "--warmup",
        String(warmup),
      ],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    if (result.status !== 0) {
      console.log(`${what}: not measured (${result.stderr.trim().split("\n").at(-1)})`);
      return undefined;
    }
    return JSON.parse(result.stdout.trim().split("\n").at(-1) as string) as Measurement;
  };
  const describe = (m: Measurement) =>
    `${Math.round(m.eventsPerSecond)} events/s, chunk latency p50 ${m.p50Ms.toFixed(1)} ms / p99 ${m.p99Ms.toFixed(1)} ms, peak RSS ${m.peakRssMb} MB`;
  console.log(
    `ingest: ${clients} concurrent clients × ${chunks} chunks × ${eventsPerChunk} events over loopback HTTP (after ${warmup} warm-up chunks per client, not measured)`,
  );
  const baseline = run("baseline");
  if (baseline) console.log(`baseline (bare Fastify route, parse + answer): ${describe(baseline)}`);
  for (const target of ["pglite", "pglite-memory", "postgres"]) {
    const measured = run(target);
    if (!measured) continue;
    const ratio = baseline
      ? ` → ${(measured.eventsPerSecond / baseline.eventsPerSecond).toFixed(2)}× the baseline's throughput`
      : "";
    console.log(`${target}: ${describe(measured)}${ratio}`);
  }
  console.log("goal: ≥ 20,000 events/s and p99 < 50 ms on the embedded catalog (PGlite)");
}
