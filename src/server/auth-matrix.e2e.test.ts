import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DevtraceBackend,
  memoryCatalog,
  openDevtraceBackend,
} from "../pipelines/devtrace/open-backend.js";
import { makeChunk, testApiToken, testHmacKey } from "./__fixtures__/test-service.js";
import { buildServer } from "./build-server.js";

type TokenKind = "none" | "wrong" | "other-trace" | "expired" | "revoked" | "api";
const kinds: TokenKind[] = ["none", "wrong", "other-trace", "expired", "revoked", "api"];
const expected: Record<TokenKind, number> = {
  none: 401,
  wrong: 401,
  "other-trace": 403,
  expired: 403,
  revoked: 403,
  api: 200,
};

interface Endpoint {
  name: string;
  send(url: string, traceId: string, headers: Record<string, string>): Promise<Response>;
}

const endpoints: Endpoint[] = [
  {
    name: "POST /v1/traces",
    send: (url, _id, headers) =>
      fetch(`${url}/v1/traces`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ participant_id: "p", task_id: "t", task_title: "T" }),
      }),
  },
  {
    name: "GET /v1/traces",
    send: (url, _id, headers) => fetch(`${url}/v1/traces`, { headers }),
  },
  {
    name: "GET /v1/traces/{id}",
    send: (url, id, headers) => fetch(`${url}/v1/traces/${id}`, { headers }),
  },
  {
    name: "POST /v1/traces/{id}/events:ingest",
    send: (url, id, headers) =>
      fetch(`${url}/v1/traces/${id}/events:ingest`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(makeChunk("c", 0, 0, 2)),
      }),
  },
  {
    name: "PUT /v1/traces/{id}/artifacts/{key}",
    send: (url, id, headers) =>
      fetch(`${url}/v1/traces/${id}/artifacts/run.log`, {
        method: "PUT",
        headers: { ...headers, "content-type": "text/plain" },
        body: "log line\n",
      }),
  },
  {
    name: "POST /v1/traces/{id}/complete",
    send: (url, id, headers) =>
      fetch(`${url}/v1/traces/${id}/complete`, { method: "POST", headers }),
  },
];

describe("auth matrix over every endpoint", () => {
  let backend: DevtraceBackend;
  let app: FastifyInstance;
  let url: string;
  let dataDir: string;
  let clock = Date.now();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tracemill-auth-test-"));
    backend = await openDevtraceBackend({ db: memoryCatalog, dataDir });
    app = await buildServer({
      store: backend.store,
      blobs: backend.blobs,
      jobs: backend.jobs,
      apiTokens: [testApiToken],
      hmacKey: testHmacKey,
      uploadTokenTtlSeconds: 3600,
      now: () => new Date(clock),
    });
    url = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await backend.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function createTrace(): Promise<{ trace_id: string; upload_token: string }> {
    const response = await fetch(`${url}/v1/traces`, {
      method: "POST",
      headers: { authorization: `Bearer ${testApiToken}`, "content-type": "application/json" },
      body: JSON.stringify({ participant_id: "p", task_id: "t", task_title: "T" }),
    });
    return (await response.json()) as { trace_id: string; upload_token: string };
  }

  /** The target trace and the header for one cell of the matrix. */
  async function arrange(kind: TokenKind) {
    const target = await createTrace();
    const header = (token: string) => ({ authorization: `Bearer ${token}` });
    switch (kind) {
      case "none":
        return { traceId: target.trace_id, headers: {} };
      case "wrong":
        return { traceId: target.trace_id, headers: header("not-a-token-we-issued") };
      case "other-trace": {
        const other = await createTrace();
        return { traceId: target.trace_id, headers: header(other.upload_token) };
      }
      case "expired":
        return { traceId: target.trace_id, headers: header(target.upload_token), expire: true };
      case "revoked": {
        const completed = await fetch(`${url}/v1/traces/${target.trace_id}/complete`, {
          method: "POST",
          headers: header(target.upload_token),
        });
        expect(completed.status).toBe(200);
        return { traceId: target.trace_id, headers: header(target.upload_token) };
      }
      case "api":
        return { traceId: target.trace_id, headers: header(testApiToken) };
    }
  }

  for (const endpoint of endpoints) {
    for (const kind of kinds) {
      it(`${endpoint.name} with ${kind} token → ${expected[kind] === 200 ? "2xx" : expected[kind]}`, async () => {
        const cell = await arrange(kind);
        const saved = clock;
        if ("expire" in cell) clock += 2 * 3600 * 1000;
        try {
          const response = await endpoint.send(url, cell.traceId, cell.headers);
          const body = (await response.json()) as { error?: { code: string; message: string } };
          if (expected[kind] === 200) {
            expect(response.status, JSON.stringify(body)).toBeGreaterThanOrEqual(200);
            expect(response.status, JSON.stringify(body)).toBeLessThan(300);
          } else {
            expect(response.status, JSON.stringify(body)).toBe(expected[kind]);
            expect(body.error?.code).toBe(expected[kind] === 401 ? "unauthorized" : "forbidden");
          }
        } finally {
          clock = saved;
        }
      });
    }
  }

  it("a trace's own upload token works on its trace routes", async () => {
    const target = await createTrace();
    const headers = { authorization: `Bearer ${target.upload_token}` };
    const ingest = await endpoints[3]?.send(url, target.trace_id, headers);
    const read = await endpoints[2]?.send(url, target.trace_id, headers);
    expect([ingest?.status, read?.status]).toEqual([200, 202]);
  });
});
