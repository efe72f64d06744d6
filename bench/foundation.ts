import { appendFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { defaultConfig } from "../src/core/config.js";
import { createMemoryCache } from "../src/model/cache.js";
import { createModelClient } from "../src/model/model-client.js";
import { createRateLimiter } from "../src/model/rate-limiter.js";
import { createRedactor } from "../src/model/redact.js";
import { startScriptedOpenAIServer } from "../src/model/scripted-server.js";
import { openRun } from "../src/runs/index.js";

/**
 * Foundation benchmarks, each printed as a ratio against a baseline measured in the same run:
 *  1. model door: a cached answer vs a real HTTP round trip to a loopback OpenAI-compatible server;
 *  2. redaction: all 20 rules vs one email regex over the same 5 MB of mixed text;
 *  3. run folders: Stage.appendItem (ordered, resumable) vs raw appendFile of the same lines.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/foundation.js
 */
const answerSchema = z.object({ answer: z.string() });

async function modelDoor(requests: number) {
  const server = await startScriptedOpenAIServer({
    answers: [{ value: { answer: "ok" }, times: requests }],
  });
  const config = {
    ...defaultConfig().model,
    provider: "openai:bench-model",
    baseUrl: server.url,
    maxRetries: 0,
  };
  const limiter = createRateLimiter({ maxTokens: 1e9, refillPerSecond: 1e9, concurrency: 1 });
  const cache = createMemoryCache();
  const client = createModelClient(config, { cache, rateLimiter: limiter });
  const ask = (index: number) =>
    client.generateObject({
      schema: answerSchema,
      schemaName: "bench",
      messages: [{ role: "user", content: `question ${index}` }],
    });
  const httpStart = performance.now();
  for (let index = 0; index < requests; index++) await ask(index);
  const httpMs = performance.now() - httpStart;
  const cachedStart = performance.now();
  for (let index = 0; index < requests; index++) await ask(index);
  const cachedMs = performance.now() - cachedStart;
  await server.close();
  return {
    requests,
    httpMsPerRequest: httpMs / requests,
    cachedMsPerRequest: cachedMs / requests,
    speedup: httpMs / cachedMs,
  };
}

function mixedText(bytes: number): string {
  const lines = [
    "2026-11-21T10:00:01Z INFO request handled in 12 ms for user 4821 (version 1.2.3)",
    "connecting to postgres://app:Zq8pLm2vX9@db.internal:5432/orders from 10.20.30.40",
    'config loaded: {"region":"eu-west-1","retries":3,"api_key":"k-3f9a8b7c6d5e4f3a2b1c"}',
    "Please forward the report to maria.gonzalez@example.com before Friday's review.",
    "The quick brown fox jumps over the lazy dog; nothing secret in this sentence at all.",
    "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789ABCDEF",
  ];
  const parts: string[] = [];
  let size = 0;
  for (let index = 0; size < bytes; index++) {
    const line = lines[index % lines.length] as string;
    parts.push(line);
    size += line.length + 1;
  }
  return parts.join("\n");
}

function redaction(megabytes: number) {
  const text = mixedText(megabytes * 1024 * 1024);
  const redactor = createRedactor();
  const email = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
  const baselineStart = performance.now();
  const baseline = text.replace(email, "[REDACTED:email]");
  const baselineMs = performance.now() - baselineStart;
  const fullStart = performance.now();
  const full = redactor.redactText(text);
  const fullMs = performance.now() - fullStart;
  const findings = full.findings.reduce((sum, finding) => sum + finding.count, 0);
  return {
    megabytes,
    findings,
    baselineMBps: megabytes / (baselineMs / 1000),
    fullMBps: megabytes / (fullMs / 1000),
    costVsOneRegex: fullMs / baselineMs,
    baselineChanged: baseline !== text,
  };
}

async function runAppends(items: number) {
  const directory = await mkdtemp(join(tmpdir(), "tracemill-bench-runs-"));
  const record = (index: number) => ({
    index,
    text: `item ${index}`,
    values: [index, index * 2, index * 3],
  });
  const rawFile = join(directory, "raw.jsonl");
  const rawStart = performance.now();
  for (let index = 0; index < items; index++) {
    await appendFile(
      rawFile,
      `${JSON.stringify({ item: String(index), record: record(index) })}\n`,
    );
  }
  const rawMs = performance.now() - rawStart;
  const run = await openRun({
    runsDir: join(directory, "runs"),
    command: "bench",
    inputs: [],
    config: {},
    toolVersion: "bench",
  });
  const stage = await run.stage("items");
  const runStart = performance.now();
  for (let index = 0; index < items; index++) await stage.appendItem(String(index), record(index));
  await stage.complete();
  const runMs = performance.now() - runStart;
  await run.finish("completed");
  await rm(directory, { recursive: true, force: true });
  return {
    items,
    rawItemsPerSecond: items / (rawMs / 1000),
    runItemsPerSecond: items / (runMs / 1000),
    overhead: runMs / rawMs,
  };
}

const round = (value: number) => Math.round(value * 100) / 100;
const door = await modelDoor(200);
console.log(
  `model door: HTTP ${round(door.httpMsPerRequest)} ms/request, cached ${round(door.cachedMsPerRequest)} ms/request → cache ${round(door.speedup)}× faster (${door.requests} requests)`,
);
const redact = redaction(5);
console.log(
  `redaction: 20 rules ${round(redact.fullMBps)} MB/s vs one email regex ${round(redact.baselineMBps)} MB/s → ${round(redact.costVsOneRegex)}× the cost of one regex (${redact.findings} findings in ${redact.megabytes} MB)`,
);
const appends = await runAppends(5000);
console.log(
  `run folder: appendItem ${Math.round(appends.runItemsPerSecond)} items/s vs raw appendFile ${Math.round(appends.rawItemsPerSecond)} items/s → overhead ${round(appends.overhead)}×`,
);
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
