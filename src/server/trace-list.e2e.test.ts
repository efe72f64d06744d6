import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Trace } from "../core/trace.js";
import {
  type DevtraceBackend,
  memoryCatalog,
  openDevtraceBackend,
} from "../pipelines/devtrace/open-backend.js";
import { createRequest, makeEvents, sealedTrace, uploadFor } from "../store/devtrace-fixtures.js";
import { createDevtraceStore } from "../store/devtrace-store.js";
import type { DevtraceQa, SqlClient } from "../store/types.js";
import type { VerifyResult } from "../verify/types.js";
import { testApiToken, testHmacKey } from "./__fixtures__/test-service.js";
import { buildServer } from "./build-server.js";

/**
 * GET /v1/traces shows each validated trace's reading (incomplete / unverified / validated, with
 * the reason) as GET /v1/traces/{id} does, and asks the catalog one query per page, not per row.
 */
const traceCount = 200;

/** The SqlClient with every statement counted (transactions pass through uncounted). */
function countingClient(sql: SqlClient): { client: SqlClient; count: () => number } {
  let queries = 0;
  const client: SqlClient = {
    dialect: sql.dialect,
    query(text, params) {
      queries++;
      return sql.query(text, params);
    },
    exec(text) {
      queries++;
      return sql.exec(text);
    },
    transaction: (fn) => sql.transaction(fn),
    close: () => sql.close(),
  };
  return { client, count: () => queries };
}

/** Five kinds of trace in turn: each reads differently in GET. */
function kindOf(index: number): { trace?: (id: string) => Trace; qa: DevtraceQa } {
  const validation = (tests_passed: boolean | null) =>
    ({ tests_passed, reason: "no sandbox", log: "" }) as unknown as VerifyResult;
  const sealed = (id: string, events = makeEvents(0, 6)) => {
    const trace = sealedTrace(id, events);
    Object.assign(trace.integrity ?? {}, { count: events.length, head: "h", seal: "s" });
    return trace;
  };
  switch (index % 5) {
    case 0:
      return { trace: (id) => sealed(id), qa: { validation: validation(true) } };
    case 1:
      return {
        trace: (id) => sealed(id, [...makeEvents(0, 2), ...makeEvents(5, 2)]),
        qa: { validation: validation(true) },
      };
    case 2:
      return { trace: (id) => sealed(id), qa: { validation: validation(null) } };
    case 3:
      return { trace: (id) => sealedTrace(id, makeEvents(0, 3)), qa: {} };
    default:
      return { qa: {} };
  }
}

describe("GET /v1/traces", () => {
  let backend: DevtraceBackend;
  let counted: ReturnType<typeof countingClient>;
  let app: FastifyInstance;
  let dataDir: string;
  const ids: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tracemill-trace-list-"));
    backend = await openDevtraceBackend({ db: memoryCatalog, dataDir });
    counted = countingClient(backend.sql);
    const store = createDevtraceStore(counted.client);
    for (let index = 0; index < traceCount; index++) {
      const traceId = `trace_list_${String(index).padStart(3, "0")}`;
      ids.push(traceId);
      await store.createTrace(createRequest, uploadFor(traceId));
      const kind = kindOf(index);
      if (kind.trace === undefined) continue;
      await store.completeTrace(traceId, { trace: kind.trace(traceId), numEvents: 0, jobId: "j" });
      await store.setStatus(traceId, "validated");
      await store.saveQa(traceId, kind.qa);
    }
    app = await buildServer({
      store,
      blobs: backend.blobs,
      jobs: backend.jobs,
      apiTokens: [testApiToken],
      hmacKey: testHmacKey,
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await backend?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function get(url: string): Promise<{ body: Record<string, unknown>; queries: number }> {
    const before = counted.count();
    const response = await app.inject({
      url,
      headers: { authorization: `Bearer ${testApiToken}` },
    });
    expect([200, 202], response.body).toContain(response.statusCode);
    return { body: response.json(), queries: counted.count() - before };
  }

  it("asks the catalog once per page, whatever the page's size", async () => {
    const small = await get("/v1/traces?limit=5");
    const large = await get(`/v1/traces?limit=${traceCount}`);
    expect((small.body.traces as unknown[]).length).toBe(5);
    expect((large.body.traces as unknown[]).length).toBe(traceCount);
    expect(small.queries).toBe(1);
    expect(large.queries).toBe(1);
  });

  it("shows each trace's status and reason exactly as GET /v1/traces/{id}", async () => {
    const { body } = await get(`/v1/traces?limit=${traceCount}`);
    const rows = body.traces as Record<string, unknown>[];
    expect(rows.map((row) => row.trace_id)).toEqual([...ids].reverse());
    const statuses = new Set<unknown>();
    for (const traceId of ids.slice(0, 10)) {
      const row = rows.find((each) => each.trace_id === traceId);
      const { body: document } = await get(`/v1/traces/${traceId}`);
      statuses.add(document.status);
      expect(row?.status, traceId).toBe(document.status);
      expect(row?.status_reason, traceId).toBe(document.status_reason);
    }
    expect(statuses).toEqual(new Set(["validated", "incomplete", "unverified", "created"]));
    expect(rows.find((row) => row.trace_id === ids[1])?.status_reason).toBe(
      "3 event seq(s) missing (2, 3, 4)",
    );
  });
});
