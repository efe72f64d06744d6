import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportDevtraces } from "../pipelines/devtrace/export-devtraces.js";
import { startTestService, type TestService, testApiToken } from "./__fixtures__/test-service.js";

const sampleChunks = fileURLToPath(
  new URL("../../test/fixtures/samples/devtrace/sample-trace-chunks", import.meta.url),
);

type Json = Record<string, unknown>;

/**
 * Issue 15: the reference client's three example flows (simple, complex, failed) exactly as it
 * sends them, with the extra fields its newer events carry (`files_changed` on code changes, a
 * client version, editor details). The reference server stores such fields; so do we: they come
 * back in GET and in the export. `--strict-events` keeps the old refusal.
 */
describe("reference client flows with extra fields", () => {
  let service: TestService;
  let outDir: string;

  beforeAll(async () => {
    service = await startTestService({ workers: 1 });
    outDir = await mkdtemp(join(tmpdir(), "tracemill-reference-flows-"));
  });
  afterAll(async () => {
    await service?.stop();
    await rm(outDir, { recursive: true, force: true });
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function post(path: string, token: string, body?: unknown, headers: Json = {}) {
    const response = await fetch(`${service.url}${path}`, {
      method: "POST",
      headers: {
        ...auth(token),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(headers as Record<string, string>),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  /** create → chunks (Idempotency-Key = chunk_id) → empty final chunk → complete → poll. */
  async function runFlow(title: string, chunks: Json[]) {
    const created = await post("/v1/traces", testApiToken, {
      participant_id: "demo-user-001",
      task_id: `task-${title}`,
      task_title: title,
      repo_origin: "https://github.com/example/calculator",
      start_commit: "abc123def456",
    });
    expect(created.status).toBe(200);
    const traceId = created.body.trace_id as string;
    const upload = created.body.upload_token as string;
    const runId = "5e6f7a8b";
    for (const chunk of chunks) {
      const sent = { ...chunk, chunk_id: `${chunk.chunk_id}-${runId}` };
      const headers = { "Idempotency-Key": sent.chunk_id };
      const answer = await post(`/v1/traces/${traceId}/events:ingest`, upload, sent, headers);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      // The client retries on timeouts: the same chunk again is the same answer.
      const retry = await post(`/v1/traces/${traceId}/events:ingest`, upload, sent, headers);
      expect(retry).toEqual(answer);
    }
    const final = { chunk_id: `chunk-final-${runId}`, chunk_seq: chunks.length, events: [] };
    expect((await post(`/v1/traces/${traceId}/events:ingest`, upload, final)).status).toBe(200);
    const complete = await post(`/v1/traces/${traceId}/complete`, upload);
    expect(complete.status, JSON.stringify(complete.body)).toBe(200);
    for (let attempt = 0; attempt < 600; attempt++) {
      const response = await fetch(`${service.url}/v1/traces/${traceId}`, {
        headers: auth(testApiToken),
      });
      const body = (await response.json()) as Json;
      if (response.status === 200 && body.qa) return { traceId, document: body };
      await sleep(200);
    }
    throw new Error(`${title}: no result`);
  }

  async function sample(): Promise<Json[]> {
    const files = (await readdir(sampleChunks)).filter((name) => name.startsWith("chunk_")).sort();
    return Promise.all(
      files.map(
        async (file) => JSON.parse(await readFile(join(sampleChunks, file), "utf8")) as Json,
      ),
    );
  }

  /** Every event gets the fields a newer reference client adds. */
  function withClientFields(chunks: Json[]): Json[] {
    return chunks.map((chunk) => ({
      ...chunk,
      events: (chunk.events as Json[]).map((event) => ({
        ...event,
        client_version: "0.3.1",
        ...(event.type === "file_edit" || event.type === "commit"
          ? { files_changed: ["calculator.py"], editor: { name: "vscode", version: "1.90.0" } }
          : {}),
      })),
    }));
  }

  function eventsOf(document: Json): Json[] {
    return document.events as Json[];
  }

  it("simple: the sample session with a client version on every event", async () => {
    const { document } = await runFlow("simple", withClientFields(await sample()));
    const events = eventsOf(document);
    expect(events).toHaveLength(10);
    for (const event of events) expect(event.client_version).toBe("0.3.1");
  });

  it("complex: code changes carry files_changed; kept in GET, in the sealed trace and in the export", async () => {
    const base = withClientFields(await sample());
    const extra: Json = {
      chunk_id: "chunk-004",
      chunk_seq: 3,
      events: [
        {
          id: "event-011",
          seq: 10,
          ts_client_s: 1696435400,
          type: "file_edit",
          file_path: "tests/test_calculator.py",
          language: "python",
          diff_unified:
            "--- a\n+++ b\n@@ -1 +1,2 @@\n+def test_multiply_zero():\n+    assert multiply(0, 5) == 0\n",
          files_changed: ["tests/test_calculator.py", "calculator.py"],
          lines_added: 2,
        },
        {
          id: "event-012",
          seq: 11,
          ts_client_s: 1696435410,
          type: "commit",
          sha: "f00dfeed",
          message: "Fix multiply and add a zero test",
          files_changed: ["calculator.py", "tests/test_calculator.py"],
        },
        {
          id: "event-013",
          seq: 12,
          ts_client_s: 1696435420,
          type: "code_change",
          files_changed: ["calculator.py", "README.md"],
          diff_unified: "--- a/README.md\n+++ b/README.md\n@@ -1 +1,2 @@\n+multiply(0, x) is 0\n",
          lines_added: 1,
          lines_removed: 0,
          client_version: "0.3.1",
        },
      ],
    };
    const { traceId, document } = await runFlow("complex", [...base, extra]);
    const events = eventsOf(document);
    const commit = events.find((event) => event.id === "event-012");
    expect(commit?.files_changed).toEqual(["calculator.py", "tests/test_calculator.py"]);
    expect(events.find((event) => event.id === "event-011")).toMatchObject({
      files_changed: ["tests/test_calculator.py", "calculator.py"],
      lines_added: 2,
    });
    // code_change is a known type: typed fields and the client's extras both come back.
    expect(events.find((event) => event.id === "event-013")).toMatchObject({
      type: "code_change",
      files_changed: ["calculator.py", "README.md"],
      lines_added: 1,
      client_version: "0.3.1",
    });
    expect(document.metrics).toMatchObject({ num_events: 13 });
    const sealed = (document.trace as { meta: { events: Json[] } }).meta.events;
    expect(sealed.find((event) => event.id === "event-012")?.files_changed).toHaveLength(2);

    const exported = await exportDevtraces(service.backend.store, outDir);
    expect(exported.exported).toContain(traceId);
    const trace = JSON.parse(await readFile(join(outDir, traceId, "trace.json"), "utf8"));
    const exportedEvents = trace.meta.events as Json[];
    expect(exportedEvents.find((event) => event.id === "event-011")?.files_changed).toEqual([
      "tests/test_calculator.py",
      "calculator.py",
    ]);
    expect(exportedEvents.find((event) => event.id === "event-013")?.files_changed).toEqual([
      "calculator.py",
      "README.md",
    ]);
    const sft = await readFile(join(outDir, traceId, "sft.json"), "utf8");
    expect(sft).toContain("multiply(0, x) is 0");
  });

  it("failed: tests still failing at the end; the trace completes and is judged", async () => {
    const failing: Json = {
      chunk_id: "chunk-001",
      chunk_seq: 0,
      events: [
        {
          id: "f-1",
          seq: 0,
          ts_client_s: 1696435200,
          type: "test_run",
          framework: "pytest",
          num_passed: 3,
          num_failed: 1,
          failed_tests: ["test_calculator.py::test_multiply"],
          client_version: "0.3.1",
        },
        {
          id: "f-2",
          seq: 1,
          ts_client_s: 1696435230,
          type: "file_edit",
          file_path: "calculator.py",
          diff_unified: "--- a\n+++ b\n@@ -1 +1 @@\n-    return a + b\n+    return a - b\n",
          files_changed: ["calculator.py"],
        },
        {
          id: "f-3",
          seq: 2,
          ts_client_s: 1696435260,
          type: "test_run",
          framework: "pytest",
          num_passed: 3,
          num_failed: 1,
          failed_tests: ["test_calculator.py::test_multiply"],
          client_version: "0.3.1",
        },
      ],
    };
    const { document } = await runFlow("failed", [failing]);
    expect(eventsOf(document).map((event) => event.client_version)).toEqual([
      "0.3.1",
      undefined,
      "0.3.1",
    ]);
    expect(
      (document.qa as { judge: { scores: { overall: number } } }).judge.scores.overall,
    ).toEqual(expect.any(Number));
  });
});

describe("--strict-events keeps the refusal of unknown fields", () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ workers: 0, strictEvents: true });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it("a code change with files_changed is a 422 naming the field", async () => {
    const created = await service.request("POST", "/v1/traces", {
      json: { participant_id: "p", task_id: "t", task_title: "x" },
    });
    const { trace_id, upload_token } = created.body as { trace_id: string; upload_token: string };
    const answer = await service.request("POST", `/v1/traces/${trace_id}/events:ingest`, {
      token: upload_token,
      json: {
        chunk_id: "c1",
        chunk_seq: 0,
        events: [
          {
            id: "e1",
            seq: 0,
            ts_client_s: 1,
            type: "commit",
            sha: "abc",
            message: "m",
            files_changed: ["a.py"],
          },
        ],
      },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error?.message).toContain("events[0].files_changed: unknown field");
  });
});
