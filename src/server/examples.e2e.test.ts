import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyTraceFile } from "../cli/commands/devtrace.js";
import {
  readTaskFile,
  submitChunkFolder,
  tarFolder,
} from "../pipelines/devtrace/submit-chunk-folder.js";
import { readChunkFolder } from "../sources/devtrace/read-chunks.js";
import {
  allAvailable,
  requireBwrap,
  requirePytest,
  skipWithout,
} from "../test-support/requirements.js";
import { startTestService, type TestService, testHmacKey } from "./__fixtures__/test-service.js";

const examples = fileURLToPath(new URL("../../examples/devtrace/", import.meta.url));
const sampleChunks = fileURLToPath(
  new URL("../../test/fixtures/samples/devtrace/sample-trace-chunks", import.meta.url),
);

const scenarios = [
  { name: "one-line-fix", passes: true },
  { name: "multi-file-fix", passes: true },
  { name: "failed-attempt", passes: false },
] as const;
const sandbox = [await requireBwrap(), await requirePytest()];

describe("devtrace examples end to end over HTTP (PGlite in memory, fs blobs, bubblewrap)", () => {
  skipWithout(...sandbox);
  let service: TestService;

  beforeAll(async () => {
    if (allAvailable(...sandbox)) service = await startTestService({ workers: 2 });
  });
  afterAll(async () => {
    await service?.stop();
  });

  async function submit(chunksDir: string, scenarioDir: string) {
    return submitChunkFolder({
      client: service.client,
      chunksDir,
      task: await readTaskFile(join(scenarioDir, "task.json")),
      snapshotDir: join(scenarioDir, "workspace"),
      pollIntervalMs: 200,
      timeoutMs: 240_000,
    });
  }

  for (const scenario of scenarios) {
    it(`${scenario.name}: validated, tests ${scenario.passes ? "pass" : "fail"}, judged offline`, async () => {
      const dir = join(examples, scenario.name);
      const submitted = await submit(join(dir, "chunks"), dir);
      const document = submitted.result;
      if (!document) throw new Error("submit waited, so a result is expected");
      expect(document.status).toBe("validated");
      expect(document.qa?.validation?.tests_passed).toBe(scenario.passes);
      expect(document.qa?.validation?.sandbox).toBe("bubblewrap");
      const judge = document.qa?.judge as Record<string, unknown>;
      expect(judge.judge).toBe("offline:devtrace-signals/v1");
      expect(judge.offline).toBe(true);
      expect(judge.model).toBe(judge.judge);
      expect((judge.scores as Record<string, number>).overall).toBe(judge.overall);
      expect((document.trace as { kind: string }).kind).toBe("devtrace");
      expect((document.events as unknown[]).length).toBe(submitted.completed.num_events);
    });
  }

  it("a snapshot sent inline in a chunk (base64, as the reference client can) is verified too", async () => {
    const dir = join(examples, "one-line-fix");
    const client = service.client;
    const created = await client.createTrace(await readTaskFile(join(dir, "task.json")));
    const folder = await readChunkFolder(join(dir, "chunks"));
    for (const chunk of folder.chunks) {
      await client.ingest(created.trace_id, chunk, {
        uploadToken: created.upload_token,
        idempotencyKey: chunk.chunk_id,
      });
    }
    const snapshot = await tarFolder(join(dir, "workspace"));
    await client.ingest(
      created.trace_id,
      {
        chunk_id: "chunk-final",
        chunk_seq: folder.chunks.length,
        events: [],
        artifacts: {
          workspace_snapshot: { type: "workspace_snapshot", content: snapshot.toString("base64") },
        },
      },
      { uploadToken: created.upload_token },
    );
    await client.complete(created.trace_id, { uploadToken: created.upload_token });
    const document = await client.waitForResult(created.trace_id, {
      intervalMs: 200,
      timeoutMs: 240_000,
    });
    expect(document.status).toBe("validated");
    expect(document.qa?.validation?.tests_passed).toBe(true);
  });

  it("the shared sample chunks go through the same flow, and the result's chain verifies until tampered", async () => {
    const dir = join(examples, "sample-calculator");
    const submitted = await submit(sampleChunks, dir);
    const document = submitted.result as unknown as Record<string, unknown> & {
      trace: { meta: { events: { id: string; ts_server_s: number }[] } };
    };
    expect(document.status).toBe("validated");
    expect(submitted.completed.num_events).toBe(10);
    expect((document.qa as { validation: { tests_passed: boolean } }).validation.tests_passed).toBe(
      true,
    );
    expect((document.metrics as { num_events: number }).num_events).toBe(10);
    // The client's ts_server_s was replaced by the server clock.
    expect(document.trace.meta.events[0]?.ts_server_s).toBeGreaterThan(1_696_435_200);

    const file = join(service.dataDir, "trace.json");
    await writeFile(file, JSON.stringify(document));
    expect((await verifyTraceFile(file, testHmacKey)).ok).toBe(true);
    expect((await verifyTraceFile(file, "another key")).ok).toBe(false);
    const event = document.trace.meta.events[4];
    if (!event) throw new Error("sample has 10 events");
    event.ts_server_s += 1;
    await writeFile(file, JSON.stringify(document));
    const tampered = await verifyTraceFile(file, testHmacKey);
    expect(tampered.ok).toBe(false);
    expect(tampered.firstBroken?.index).toBe(4);
    expect(tampered.firstBroken?.event_id).toBe(event.id);
  });
});
