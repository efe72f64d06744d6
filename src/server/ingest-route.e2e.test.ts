import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeChunk, startTestService, type TestService } from "./__fixtures__/test-service.js";

const task = { participant_id: "p-1", task_id: "t-1", task_title: "Fix the bug" };

describe("devtrace ingest over HTTP (PGlite in memory)", () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ workers: 0, bodyLimitBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await service.stop();
  });

  async function createTrace(body: Record<string, unknown> = task) {
    const created = await service.request("POST", "/v1/traces", { json: body });
    expect(created.status).toBe(200);
    return created.body as { trace_id: string; upload_token: string };
  }

  it("stores the events of 50 concurrent posts of one chunk once, and all 50 answers are equal", async () => {
    const { trace_id, upload_token } = await createTrace();
    const chunk = makeChunk("chunk-a", 0, 0, 10);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        service.request("POST", `/v1/traces/${trace_id}/events:ingest`, {
          token: upload_token,
          json: chunk,
          headers: { "idempotency-key": "chunk-a" },
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    const first = JSON.stringify(answers[0]?.body);
    for (const answer of answers) expect(JSON.stringify(answer.body)).toBe(first);
    expect(answers[0]?.body).toMatchObject({ events_added: 10, total_events: 10 });
    const chunks = await service.backend.store.listChunks(trace_id);
    expect(chunks).toHaveLength(1);
    expect((await service.backend.store.getTrace(trace_id))?.num_events).toBe(10);
  });

  it("answers a replay by Idempotency-Key with the first response, adding nothing", async () => {
    const { trace_id, upload_token } = await createTrace();
    const path = `/v1/traces/${trace_id}/events:ingest`;
    const first = await service.request("POST", path, {
      token: upload_token,
      json: makeChunk("c1", 0, 0, 4),
      headers: { "idempotency-key": "key-1" },
    });
    const replay = await service.request("POST", path, {
      token: upload_token,
      json: makeChunk("c1", 0, 0, 4),
      headers: { "idempotency-key": "key-1" },
    });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect((await service.backend.store.getTrace(trace_id))?.num_events).toBe(4);
  });

  it("answers 409 naming the chunk when a seen chunk id or Idempotency-Key brings other content (issue 15)", async () => {
    const { trace_id, upload_token } = await createTrace();
    const path = `/v1/traces/${trace_id}/events:ingest`;
    await service.request("POST", path, {
      token: upload_token,
      json: makeChunk("c1", 0, 0, 4),
      headers: { "idempotency-key": "key-1" },
    });
    const sameId = await service.request("POST", path, {
      token: upload_token,
      json: makeChunk("c1", 0, 0, 5),
    });
    expect(sameId.status).toBe(409);
    expect(sameId.body.error).toMatchObject({ code: "conflict" });
    expect(sameId.body.error?.message).toContain("chunk c1");
    const sameKey = await service.request("POST", path, {
      token: upload_token,
      json: makeChunk("c1-renamed", 0, 10, 4),
      headers: { "idempotency-key": "key-1" },
    });
    expect(sameKey.status).toBe(409);
    expect(sameKey.body.error?.message).toContain("stored as chunk c1");
    expect((await service.backend.store.getTrace(trace_id))?.num_events).toBe(4);
  });

  it("sets the server clock and redacts secrets before storage", async () => {
    const { trace_id, upload_token } = await createTrace();
    const secret = "AKIAIOSFODNN7EXAMPLE";
    const chunk = {
      chunk_id: "secret",
      chunk_seq: 0,
      events: [
        {
          id: "e1",
          seq: 0,
          ts_client_s: 1,
          ts_server_s: 1,
          type: "cmd_run",
          cmd: `AWS_ACCESS_KEY_ID=${secret} aws s3 ls`,
          exit_code: 0,
        },
      ],
      artifacts: { out: { type: "stdout", event_id: "e1", content: `key ${secret}` } },
    };
    const answer = await service.request("POST", `/v1/traces/${trace_id}/events:ingest`, {
      token: upload_token,
      json: chunk,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ events_added: 1, artifacts_added: 1 });
    const [stored] = await service.backend.store.listChunks(trace_id);
    const event = stored?.events[0];
    expect(event?.type === "cmd_run" && event.cmd).not.toContain(secret);
    expect(event?.type === "cmd_run" && event.env_redacted).toBe(true);
    expect(event?.ts_server_s).toBeGreaterThan(1_600_000_000);
    const artifact = stored?.artifacts[0];
    const bytes = await service.backend.blobs.get(`sha256/${artifact?.sha256}`);
    expect(bytes.toString("utf8")).not.toContain(secret);
  });

  it("refuses an invalid event with 422 naming the event index", async () => {
    const { trace_id, upload_token } = await createTrace();
    const chunk = makeChunk("bad", 0, 0, 4);
    (chunk.events[3] as Record<string, unknown>).ts_client_s = "zero";
    chunk.events[2] = { ...chunk.events[2], type: "telepathy" } as never;
    const answer = await service.request("POST", `/v1/traces/${trace_id}/events:ingest`, {
      token: upload_token,
      json: chunk,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error?.code).toBe("input_invalid");
    expect(answer.body.error?.message).toContain("events[2]");
    expect(answer.body.error?.message).toContain("telepathy");
    expect(answer.body.error?.message).toContain("events[3]");
    expect(await service.backend.store.listChunks(trace_id)).toHaveLength(0);
  });

  it("refuses a chunk with an unknown field or a missing chunk_id with 422", async () => {
    const { trace_id, upload_token } = await createTrace();
    const path = `/v1/traces/${trace_id}/events:ingest`;
    const missing = await service.request("POST", path, {
      token: upload_token,
      json: { chunk_seq: 0, events: [] },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error?.message).toContain("chunk_id");
  });

  it("answers 413 for a body over the limit, 400 for broken JSON, 415 for a wrong content type", async () => {
    const { trace_id, upload_token } = await createTrace();
    const path = `/v1/traces/${trace_id}/events:ingest`;
    const big = makeChunk("big", 0, 0, 1);
    (big.events[0] as Record<string, unknown>).cmd = "x".repeat(100 * 1024);
    const tooLarge = await service.request("POST", path, { token: upload_token, json: big });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error?.code).toBe("payload_too_large");
    const broken = await service.request("POST", path, {
      token: upload_token,
      body: '{"chunk_id": ',
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error?.message).toContain("not valid JSON");
    const wrongType = await service.request("POST", path, {
      token: upload_token,
      body: "chunk_id=1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error?.code).toBe("unsupported_media_type");
  });

  it("answers 404 for an unknown trace and for an unknown route", async () => {
    const unknown = await service.request("POST", "/v1/traces/trace_nope/events:ingest", {
      json: makeChunk("c", 0, 0, 1),
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe("not_found");
    const route = await service.request("GET", "/v2/whatever");
    expect(route.status).toBe(404);
    expect(route.body.error?.code).toBe("not_found");
  });

  it("refuses the same event id in two chunks at ingest with 409 naming it; complete still works (issue 15)", async () => {
    const { trace_id, upload_token } = await createTrace();
    const path = `/v1/traces/${trace_id}/events:ingest`;
    await service.request("POST", path, { token: upload_token, json: makeChunk("a", 0, 0, 3) });
    const duplicate = await service.request("POST", path, {
      token: upload_token,
      json: makeChunk("b", 1, 2, 3),
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error?.message).toContain(
      "chunk b: event ids already stored: ev-2 (in chunk a)",
    );
    expect(
      (await service.backend.store.listChunks(trace_id)).map((chunk) => chunk.chunk_id),
    ).toEqual(["a"]);
    const complete = await service.request("POST", `/v1/traces/${trace_id}/complete`, {
      token: upload_token,
    });
    expect(complete.status).toBe(200);
    expect(complete.body).toMatchObject({ num_events: 3 });
  });

  it("completes, revokes the upload token, and answers 409 to ingest after complete", async () => {
    const { trace_id, upload_token } = await createTrace();
    const path = `/v1/traces/${trace_id}/events:ingest`;
    await service.request("POST", path, { token: upload_token, json: makeChunk("a", 1, 3, 2) });
    await service.request("POST", path, { token: upload_token, json: makeChunk("b", 0, 0, 3) });
    const complete = await service.request("POST", `/v1/traces/${trace_id}/complete`, {
      token: upload_token,
      headers: { "content-type": "application/json" },
    });
    expect(complete.status).toBe(200);
    expect(complete.body).toMatchObject({ status: "completed", trace_id, num_events: 5 });
    expect(complete.body.job_id).toBe(complete.body.qa_job_id);
    const sealed = await service.backend.store.getSealedTrace(trace_id);
    const events = (sealed?.meta.events ?? []) as { seq: number }[];
    const seqs = events.map((event) => event.seq);
    expect(seqs).toEqual([0, 1, 2, 3, 4]);

    const late = await service.request("POST", path, { json: makeChunk("c", 2, 5, 1) });
    expect(late.status).toBe(409);
    expect(late.body.error?.code).toBe("conflict");
    const revoked = await service.request("POST", path, {
      token: upload_token,
      json: makeChunk("c", 2, 5, 1),
    });
    expect(revoked.status).toBe(403);
    const pending = await service.request("GET", `/v1/traces/${trace_id}`);
    expect(pending.status).toBe(202);
    expect(pending.body).toMatchObject({ trace_id, status: "completed" });
  });

  it("streams an artifact PUT into the blob store by sha256 and refuses it past the limit", async () => {
    const { trace_id, upload_token } = await createTrace();
    const bytes = Buffer.alloc(300 * 1024, 7);
    const put = await service.client.putArtifact(trace_id, "build.log", bytes, {
      uploadToken: upload_token,
    });
    expect(put).toMatchObject({
      status: "stored",
      key: "build.log",
      type: "log",
      bytes: bytes.length,
    });
    expect(await service.backend.blobs.has(put.blob_key)).toBe(true);
    const artifacts = await service.backend.store.listArtifacts(trace_id);
    expect(artifacts.map((artifact) => artifact.key)).toEqual(["build.log"]);
  });

  it("honours consent: no rationale text, no outputs, no code artifacts when not consented", async () => {
    const { trace_id, upload_token } = await createTrace({
      ...task,
      consent: { rationale: false, outputs: false, code: false },
    });
    const chunk = {
      chunk_id: "consent",
      chunk_seq: 0,
      events: [
        {
          id: "r1",
          seq: 0,
          ts_client_s: 1,
          type: "rationale_note",
          structured: { hypothesis: "private thoughts" },
          freeform: "more private thoughts",
        },
        {
          id: "c1",
          seq: 1,
          ts_client_s: 2,
          type: "cmd_run",
          cmd: "make",
          exit_code: 0,
          stdout_ref: "out",
        },
      ],
      artifacts: { out: { type: "stdout", event_id: "c1", content: "build output" } },
    };
    const answer = await service.request("POST", `/v1/traces/${trace_id}/events:ingest`, {
      token: upload_token,
      json: chunk,
    });
    expect(answer.body).toMatchObject({ events_added: 2, artifacts_added: 0 });
    const [stored] = await service.backend.store.listChunks(trace_id);
    expect(JSON.stringify(stored?.events)).not.toContain("private thoughts");
    expect(stored?.events[1]).not.toHaveProperty("stdout_ref");
    const snapshot = await service.request(
      "PUT",
      `/v1/traces/${trace_id}/artifacts/workspace_snapshot.tar.gz`,
      { token: upload_token, body: "not stored", headers: { "content-type": "application/gzip" } },
    );
    expect(snapshot.status).toBe(403);
    expect(snapshot.body.error?.message).toContain("no code consent");
  });

  it("lists traces by status and serves OpenAPI at /docs/json", async () => {
    const listed = await service.client.listTraces({ status: "ingesting" });
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((trace) => trace.status === "ingesting")).toBe(true);
    const docs = await service.request("GET", "/docs/json", { token: null });
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths as Record<string, unknown>)).toEqual(
      expect.arrayContaining([
        "/v1/traces",
        "/v1/traces/{id}",
        "/v1/traces/{id}/events:ingest",
        "/v1/traces/{id}/artifacts/{key}",
        "/v1/traces/{id}/complete",
      ]),
    );
    const health = await service.request("GET", "/healthz", { token: null });
    const ready = await service.request("GET", "/readyz", { token: null });
    expect([health.status, ready.status]).toEqual([200, 200]);
  });
});
