import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeChunk, startTestService, type TestService } from "./__fixtures__/test-service.js";

const task = { participant_id: "p-1", task_id: "t-1", task_title: "Fix the bug" };

/**
 * Issue 15: nothing a client sends gets a 500. Each refusal is a 4xx with `{error: {code,
 * message}}` whose message names the field; authentication comes before any other check.
 */
describe("client input never gets a 500 (PGlite in memory)", () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({
      workers: 0,
      bodyLimitBytes: 256 * 1024,
      maxFieldChars: 16 * 1024,
    });
  });
  afterAll(async () => {
    await service.stop();
  });

  async function createTrace() {
    const created = await service.request("POST", "/v1/traces", { json: task });
    expect(created.status).toBe(200);
    return created.body as { trace_id: string; upload_token: string };
  }

  async function ingest(traceId: string, token: string, body: string | object) {
    return service.request("POST", `/v1/traces/${traceId}/events:ingest`, {
      token,
      ...(typeof body === "string"
        ? { body, headers: { "content-type": "application/json" } }
        : { json: body }),
    });
  }

  function expectErrorShape(body: unknown, status: number, code?: string) {
    const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
    expect(typeof error?.code).toBe("string");
    expect(typeof error?.message).toBe("string");
    if (code !== undefined) expect(error?.code).toBe(code);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  }

  it("chunk_seq ≥ 2^31 is a 422 naming chunk_seq", async () => {
    const { trace_id, upload_token } = await createTrace();
    const answer = await ingest(trace_id, upload_token, makeChunk("c", 2 ** 31, 0, 1));
    expect(answer.status).toBe(422);
    expectErrorShape(answer.body, answer.status, "input_invalid");
    expect(answer.body.error?.message).toContain("chunk_seq");
  });

  it("a lone surrogate in any string is a 422 naming the field, in create and in ingest", async () => {
    const created = await service.request("POST", "/v1/traces", {
      body: '{"participant_id":"p\\udfff","task_id":"t","task_title":"x"}',
      headers: { "content-type": "application/json" },
    });
    expect(created.status).toBe(422);
    expect(created.body.error?.message).toContain("participant_id");
    const { trace_id, upload_token } = await createTrace();
    const chunk = JSON.stringify(makeChunk("c", 0, 0, 2)).replace("echo step 0", "echo \\ud800x");
    const answer = await ingest(trace_id, upload_token, chunk);
    expect(answer.status).toBe(422);
    expect(answer.body.error?.message).toContain("events[0].cmd");
    expect(answer.body.error?.message).toContain("surrogate");
  });

  it("NUL anywhere is a 422 whose message names the field, also in a key or a query", async () => {
    const { trace_id, upload_token } = await createTrace();
    const chunk = makeChunk("c", 0, 0, 2);
    (chunk.events[1] as Record<string, unknown>).structured = { plan: "a\u0000b" };
    const answer = await ingest(trace_id, upload_token, chunk);
    expect(answer.status).toBe(422);
    expect(answer.body.error?.message).toContain("events[1].structured.plan");
    const inKey = await ingest(
      trace_id,
      upload_token,
      '{"chunk_id":"c","chunk_seq":0,"events":[],"a\\u0000":1}',
    );
    expect(inKey.status).toBe(422);
    expect(inKey.body.error?.message).toContain("a key");
    const query = await service.request(
      "PUT",
      `/v1/traces/${trace_id}/artifacts/out.log?event_id=a%00b`,
      { token: upload_token, body: "x", headers: { "content-type": "text/plain" } },
    );
    expect(query.status).toBe(422);
    expect(query.body.error?.message).toContain("query event_id");
    expect(await service.backend.store.listChunks(trace_id)).toHaveLength(0);
  });

  it("ts_client_s of 1e308 is refused at ingest, so complete never fails on it", async () => {
    const { trace_id, upload_token } = await createTrace();
    const chunk = makeChunk("c", 0, 0, 2);
    (chunk.events[0] as Record<string, unknown>).ts_client_s = 1e308;
    const answer = await ingest(trace_id, upload_token, chunk);
    expect(answer.status).toBe(422);
    expect(answer.body.error?.message).toContain("events[0].ts_client_s");
    const complete = await service.request("POST", `/v1/traces/${trace_id}/complete`, {
      token: upload_token,
    });
    expect(complete.status).toBe(200);
  });

  it("a field over the cap is a 422 naming it; a body over the limit a 413 in the same shape", async () => {
    const { trace_id, upload_token } = await createTrace();
    const chunk = makeChunk("c", 0, 0, 1);
    (chunk.events[0] as Record<string, unknown>).cmd = "a".repeat(16 * 1024 + 1);
    const field = await ingest(trace_id, upload_token, chunk);
    expect(field.status).toBe(422);
    expect(field.body.error?.message).toContain(
      "events[0].cmd: 16385 characters is over the limit",
    );
    const body = await ingest(trace_id, upload_token, {
      ...makeChunk("c", 0, 0, 1),
      artifacts: { big: { type: "log", content: "x".repeat(300 * 1024) } },
    });
    expect(body.status).toBe(413);
    expectErrorShape(body.body, body.status, "payload_too_large");
  });

  it("414 and 431 use the same error shape", async () => {
    const longParam = await service.request("GET", `/v1/traces/${"a".repeat(300)}`);
    expect(longParam.status).toBe(414);
    expectErrorShape(longParam.body, longParam.status, "uri_too_long");
    const longUrl = await service.request("GET", `/v1/traces/${"a".repeat(20_000)}`);
    expect(longUrl.status).toBe(431);
    expectErrorShape(longUrl.body, longUrl.status, "headers_too_large");
  });

  it("authentication runs before the body is read and before artifact names are checked", async () => {
    const { trace_id, upload_token } = await createTrace();
    const other = await createTrace();
    const garbage = { body: "{not json", headers: { "content-type": "application/json" } };
    const noToken = await service.request("POST", `/v1/traces/${trace_id}/events:ingest`, {
      token: null,
      ...garbage,
    });
    expect(noToken.status).toBe(401);
    const wrongTrace = await service.request("POST", `/v1/traces/${trace_id}/events:ingest`, {
      token: other.upload_token,
      ...garbage,
    });
    expect(wrongTrace.status).toBe(403);
    const tooBig = await service.request("POST", "/v1/traces", {
      token: "not-a-token-at-all-0000000000",
      body: "x".repeat(300 * 1024),
      headers: { "content-type": "application/json" },
    });
    expect(tooBig.status).toBe(401);
    const escaping = encodeURIComponent("../x");
    const badName = await service.request("PUT", `/v1/traces/${trace_id}/artifacts/${escaping}`, {
      token: null,
      body: "x",
      headers: { "content-type": "text/plain" },
    });
    expect(badName.status).toBe(401);
    const badNameWithToken = await service.request(
      "PUT",
      `/v1/traces/${trace_id}/artifacts/${escaping}`,
      { token: upload_token, body: "x", headers: { "content-type": "text/plain" } },
    );
    expect(badNameWithToken.status).toBe(422);
    expect(badNameWithToken.body.error?.message).toContain("key");
  });

  it("ids used as paths are checked at ingest: chunk_id and artifact names", async () => {
    const { trace_id, upload_token } = await createTrace();
    for (const chunkId of ["../../x", ".", "..", "a/b", "x".repeat(129)]) {
      const answer = await ingest(trace_id, upload_token, makeChunk(chunkId, 0, 0, 1));
      expect(answer.status).toBe(422);
      expect(answer.body.error?.message).toContain("chunk_id");
    }
    const artifact = await ingest(trace_id, upload_token, {
      ...makeChunk("c", 0, 0, 1),
      artifacts: { "../escape": { type: "log", content: "x" } },
    });
    expect(artifact.status).toBe(422);
    expect(artifact.body.error?.message).toContain("artifacts");
    const traceId = await service.request("GET", `/v1/traces/${encodeURIComponent("a\u0000b")}`);
    expect(traceId.status).toBe(422);
    expect(traceId.body.error?.message).toContain("trace id");
    expect(await service.backend.store.listChunks(trace_id)).toHaveLength(0);
  });

  it("a stuck trace can be abandoned with the API token; GET and the list say so", async () => {
    const { trace_id, upload_token } = await createTrace();
    await ingest(trace_id, upload_token, makeChunk("c", 0, 0, 2));
    const byUpload = await service.request("POST", `/v1/traces/${trace_id}/abandon`, {
      token: upload_token,
    });
    expect(byUpload.status).toBe(403);
    const abandoned = await service.request("POST", `/v1/traces/${trace_id}/abandon`, {
      json: { reason: "client crashed" },
    });
    expect(abandoned.status).toBe(200);
    expect(abandoned.body).toMatchObject({
      status: "failed",
      abandoned: true,
      failure_reason: "abandoned: client crashed",
    });
    const document = await service.request("GET", `/v1/traces/${trace_id}`);
    expect(document.body).toMatchObject({ status: "failed", abandoned: true });
    const late = await ingest(trace_id, upload_token, makeChunk("d", 1, 5, 1));
    expect(late.status).toBe(403);
    const again = await service.request("POST", `/v1/traces/${trace_id}/abandon`);
    expect(again.status).toBe(409);
    const viaClient = await createTrace();
    await expect(service.client.abandon(viaClient.trace_id)).resolves.toMatchObject({
      abandoned: true,
      failure_reason: "abandoned: given up before complete",
    });
    const list = await service.request("GET", "/v1/traces?status=failed");
    expect(list.body.traces).toContainEqual(expect.objectContaining({ trace_id, abandoned: true }));
  });

  it("the server is still healthy after all of the above", async () => {
    const health = await service.request("GET", "/healthz");
    expect(health.status).toBe(200);
    expect((await service.request("GET", "/readyz")).status).toBe(200);
  });
});
