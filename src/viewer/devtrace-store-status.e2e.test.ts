import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Trace } from "../core/trace.js";
import { storeValidatedTrace } from "../pipelines/devtrace/__fixtures__/validated-trace.js";
import {
  type DevtraceBackend,
  memoryCatalog,
  openDevtraceBackend,
} from "../pipelines/devtrace/open-backend.js";
import { testApiToken, testHmacKey } from "../server/__fixtures__/test-service.js";
import { buildServer } from "../server/build-server.js";
import { legacySealReason } from "../sources/devtrace/completeness.js";
import { createRequest, makeEvents, sealedTrace, uploadFor } from "../store/devtrace-fixtures.js";
import type { DevtraceQa, DevtraceRecord, DevtraceStore } from "../store/types.js";
import type { VerifyResult } from "../verify/types.js";
import { storeDevtraceList, storeDevtraceView } from "./devtrace-store-view.js";

/**
 * The viewer over a live catalog shows each developer trace's status and reasons exactly as the
 * HTTP API does (statusFieldsOf): its list row, its trace page, GET /v1/traces and
 * GET /v1/traces/{id} agree for a trace of every status the catalog and the seal give.
 */
const validation = (tests_passed: boolean | null) =>
  ({ tests_passed, reason: "no sandbox on this machine", log: "" }) as unknown as VerifyResult;

/** A sealed trace with the count/head/seal a current seal records (legacy: without them). */
function sealed(id: string, events = makeEvents(0, 6), legacy = false): Trace {
  const trace = sealedTrace(id, events);
  if (!legacy) Object.assign(trace.integrity ?? {}, { count: events.length, head: "h", seal: "s" });
  return trace;
}

interface Case {
  name: string;
  /** What every reader must show. */
  expected: { status: string; status_reason?: string; failure_reason?: string; abandoned?: true };
  /** Stores the trace; returns its id. */
  store(store: DevtraceStore): Promise<string>;
}

let created = 0;

/** A created trace, then `then` (ingest, seal, fail…) on it. */
function fresh(then: (store: DevtraceStore, traceId: string) => Promise<void>) {
  return async (store: DevtraceStore): Promise<string> => {
    const traceId = `trace_status_${String(created++).padStart(2, "0")}`;
    await store.createTrace(createRequest, uploadFor(traceId));
    await then(store, traceId);
    return traceId;
  };
}

async function seal(
  store: DevtraceStore,
  traceId: string,
  trace: Trace,
  status: DevtraceRecord["status"],
  qa: DevtraceQa,
): Promise<void> {
  await store.completeTrace(traceId, { trace, numEvents: 0, jobId: "j" });
  await store.setStatus(traceId, status);
  await store.saveQa(traceId, qa);
}

async function ingestOne(store: DevtraceStore, traceId: string): Promise<void> {
  await store.ingestChunk(traceId, {
    chunkId: "c0",
    chunkSeq: 0,
    events: makeEvents(0, 2),
    artifacts: [],
  });
}

const cases: Case[] = [
  { name: "created", expected: { status: "created" }, store: fresh(async () => {}) },
  {
    name: "ingesting",
    expected: { status: "ingesting" },
    store: fresh((store, id) => ingestOne(store, id)),
  },
  {
    // Sealed, verification queued: the catalog's `completed`, not a reading of the seal.
    name: "completed",
    expected: { status: "completed" },
    store: fresh((store, id) => seal(store, id, sealed(id), "completed", {})),
  },
  {
    name: "validated",
    expected: { status: "validated" },
    store: fresh((store, id) =>
      seal(store, id, sealed(id), "validated", { validation: validation(true) }),
    ),
  },
  {
    name: "validated with an event gap",
    expected: { status: "incomplete", status_reason: "3 event seq(s) missing (2, 3, 4)" },
    store: fresh((store, id) =>
      seal(store, id, sealed(id, [...makeEvents(0, 2), ...makeEvents(5, 2)]), "validated", {
        validation: validation(true),
      }),
    ),
  },
  {
    name: "validated, tests not run",
    expected: {
      status: "unverified",
      status_reason: "the tests could not be run: no sandbox on this machine",
    },
    store: fresh((store, id) =>
      seal(store, id, sealed(id), "validated", { validation: validation(null) }),
    ),
  },
  {
    name: "validated, legacy seal",
    expected: { status: "unverified", status_reason: legacySealReason },
    store: fresh((store, id) =>
      seal(store, id, sealed(id, makeEvents(0, 3), true), "validated", {
        validation: validation(true),
      }),
    ),
  },
  {
    name: "validated and judged, no verification recorded",
    expected: { status: "unverified", status_reason: "no verification result was recorded" },
    // Sealed from stored chunks by the sealer, judged, never verified.
    store: (store) => storeValidatedTrace(store, ["chunk-a", "chunk-b"]),
  },
  {
    name: "failed",
    expected: { status: "failed", failure_reason: "sealing failed: chunk 3 unreadable" },
    store: fresh((store, id) =>
      store.setStatus(id, "failed", "sealing failed: chunk 3 unreadable"),
    ),
  },
  {
    name: "abandoned",
    expected: { status: "failed", failure_reason: "abandoned: the laptop died", abandoned: true },
    store: fresh(async (store, id) => {
      await ingestOne(store, id);
      await store.abandonTrace(id, "abandoned: the laptop died");
    }),
  },
];

/** The four fields under the API's names, from a viewer row or page (camelCase) or an API body. */
function statusOf(value: Record<string, unknown>): Record<string, unknown> {
  const fields = {
    status: value.status,
    status_reason: value.status_reason ?? value.statusReason,
    failure_reason: value.failure_reason ?? value.failureReason,
    abandoned: value.abandoned,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, field]) => field !== undefined));
}

describe("one status for a developer trace: viewer list, viewer page, HTTP API", () => {
  let backend: DevtraceBackend;
  let app: FastifyInstance;
  let dataDir: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tracemill-viewer-status-"));
    backend = await openDevtraceBackend({ db: memoryCatalog, dataDir });
    for (const each of cases) ids.set(each.name, await each.store(backend.store));
    app = await buildServer({
      store: backend.store,
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

  async function get(url: string): Promise<{ code: number; body: Record<string, unknown> }> {
    const response = await app.inject({
      url,
      headers: { authorization: `Bearer ${testApiToken}` },
    });
    expect([200, 202], response.body).toContain(response.statusCode);
    return { code: response.statusCode, body: response.json() };
  }

  it("shows the same status and reasons in all four places, for every status", async () => {
    const reader = { store: backend.store, blobs: backend.blobs };
    const viewerRows = await storeDevtraceList(reader);
    const apiRows = (await get("/v1/traces")).body.traces as Record<string, unknown>[];
    for (const each of cases) {
      const traceId = ids.get(each.name) ?? "";
      const viewerRow = viewerRows.find((row) => row.id === traceId);
      const apiRow = apiRows.find((row) => row.trace_id === traceId);
      const page = await storeDevtraceView(reader, traceId);
      const document = await get(`/v1/traces/${traceId}`);
      expect(statusOf({ ...apiRow }), `${each.name}: GET /v1/traces`).toEqual(each.expected);
      expect(statusOf({ ...viewerRow }), `${each.name}: viewer list`).toEqual(each.expected);
      expect(statusOf({ ...page }), `${each.name}: viewer page`).toEqual(each.expected);
      // 202 (not yet validated or failed) answers the status only; these statuses have no reason.
      const answered = statusOf(document.body);
      expect(
        document.code === 200 ? answered : { ...each.expected, status: answered.status },
        `${each.name}: GET /v1/traces/{id}`,
      ).toEqual(each.expected);
    }
    const statuses = new Set(cases.map((each) => each.expected.status));
    expect(statuses).toEqual(
      new Set([
        "created",
        "ingesting",
        "completed",
        "validated",
        "incomplete",
        "unverified",
        "failed",
      ]),
    );
  });
});
