import { expect } from "vitest";
import type { Trace } from "../core/trace.js";
import { completenessOf, outcomeStatusOf } from "../sources/devtrace/completeness.js";
import { rejection } from "../test-support/rejection.js";
import type { VerifyResult } from "../verify/types.js";
import {
  createRequest,
  makeEvents,
  newTraceId,
  sealedTrace,
  uploadFor,
} from "./devtrace-fixtures.js";
import type { ConformanceTest } from "./devtrace-store-chunks.conformance.js";
import type { DevtraceQa, DevtraceStore } from "./types.js";

const passed = { tests_passed: true, num_passed: 3, num_failed: 0, log: "ok" };
const notRun = { tests_passed: null, reason: "no sandbox on this host", log: "" };

/** A seal with count/head/seal over events 0..9 in chunks 0 and 1, changed by `change`. */
function sealed(traceId: string, change: (trace: Trace) => void = () => {}): Trace {
  const trace = sealedTrace(traceId, makeEvents(0, 10));
  trace.meta.chunks = [
    { chunk_id: "c0", chunk_seq: 0, num_events: 5 },
    { chunk_id: "c1", chunk_seq: 1, num_events: 5 },
  ];
  trace.integrity = { ...(trace.integrity ?? { algorithm: "hmac-sha256-chain", links: [] }) };
  Object.assign(trace.integrity, { count: 10, head: "h".repeat(64), seal: "s".repeat(64) });
  change(trace);
  return trace;
}

/** Each case: a sealed trace and qa, and the reading GET gives it. */
const cases: {
  name: string;
  trace: (traceId: string) => Trace;
  qa: DevtraceQa;
  status: string;
  reason?: string;
}[] = [
  {
    name: "complete",
    trace: (id) => sealed(id),
    qa: { validation: v(passed) },
    status: "validated",
  },
  {
    name: "event gap",
    trace: (id) =>
      sealed(id, (trace) => {
        trace.meta.events = (trace.meta.events as { seq: number }[]).filter((e) => e.seq !== 4);
      }),
    qa: { validation: v(passed) },
    status: "incomplete",
    reason: "1 event seq(s) missing (4)",
  },
  {
    name: "chunk gap",
    trace: (id) =>
      sealed(id, (trace) => {
        trace.meta.chunks = [{ chunk_seq: 0 }, { chunk_seq: 2 }];
      }),
    qa: { validation: v(passed) },
    status: "incomplete",
    reason: "1 chunk(s) never arrived (chunk_seq 1)",
  },
  {
    name: "skipped chunk",
    trace: (id) =>
      sealed(id, (trace) => {
        trace.meta.skipped_chunks = [{ file: "c2.json" }];
      }),
    qa: { validation: v(passed) },
    status: "incomplete",
  },
  {
    name: "legacy seal",
    trace: (id) => sealedTrace(id, makeEvents(0, 4)),
    qa: {},
    status: "unverified",
  },
  {
    name: "no integrity",
    trace: (id) =>
      sealed(id, (trace) => {
        delete trace.integrity;
      }),
    qa: { validation: v(passed) },
    status: "unverified",
  },
  {
    // Stored by hand or by an old tool: no integrity at all, so a legacy seal (and no throw).
    name: "integrity null",
    trace: (id) =>
      sealed(id, (trace) => {
        (trace as { integrity: unknown }).integrity = null;
      }),
    qa: { validation: v(passed) },
    status: "unverified",
  },
  {
    name: "tests not run",
    trace: (id) => sealed(id),
    qa: { validation: v(notRun) },
    status: "unverified",
  },
  { name: "no verification", trace: (id) => sealed(id), qa: {}, status: "unverified" },
  {
    // Stored values no sealer writes: the outline must still read as the whole trace reads.
    name: "odd stored values",
    trace: (id) =>
      sealed(id, (trace) => {
        trace.meta.events = [{ seq: 0 }, [{ seq: 1 }], { seq: "2" }, 7, { seq: 3.5 }, { seq: 5 }];
        trace.meta.chunks = { chunk_seq: 0 };
        trace.meta.skipped_chunks = "none";
        Object.assign(trace.integrity ?? {}, { count: null, head: undefined });
      }),
    qa: { validation: v(passed) },
    status: "incomplete",
  },
];

function v(value: object): VerifyResult {
  return value as unknown as VerifyResult;
}

/**
 * The list part of the DevtraceStore conformance suite: listTracesWithOutline answers the same
 * page as listTraces, with each record's qa and an outline of its sealed trace that reads (status,
 * reason, completeness) exactly as the whole sealed trace does, without the events themselves.
 */
export function listConformanceTests(test: ConformanceTest, store: () => DevtraceStore): void {
  test("the list with outlines reads each sealed trace as the whole trace reads", async () => {
    const ids = new Map<string, (typeof cases)[number]>();
    for (const each of cases) {
      const traceId = newTraceId(`outline-${each.name.replaceAll(" ", "-")}`);
      ids.set(traceId, each);
      await store().createTrace(createRequest, uploadFor(traceId));
      await store().completeTrace(traceId, {
        trace: each.trace(traceId),
        numEvents: 0,
        jobId: "j",
      });
      await store().setStatus(traceId, "validated");
      if (each.qa.validation !== undefined) await store().saveQa(traceId, each.qa);
    }
    const unsealed = newTraceId("outline-unsealed");
    await store().createTrace(createRequest, uploadFor(unsealed));

    const listed = await store().listTracesWithOutline({ limit: 1000 });
    for (const [traceId, each] of ids) {
      const row = listed.find((item) => item.record.trace_id === traceId);
      const whole = await store().getSealedTrace(traceId);
      const qa = await store().getQa(traceId);
      if (row?.sealed === undefined || whole === undefined)
        throw new Error(`${each.name}: no seal`);
      expect(row.record, each.name).toEqual(await store().getTrace(traceId));
      expect(row.qa, each.name).toEqual(qa);
      const reading = outcomeStatusOf(row.sealed, row.qa.validation);
      expect(reading, each.name).toEqual(outcomeStatusOf(whole, qa.validation));
      expect(reading.status, each.name).toBe(each.status);
      if (each.reason !== undefined) expect(reading.reason, each.name).toBe(each.reason);
      expect(completenessOf(row.sealed), each.name).toEqual(completenessOf(whole));
      // The outline carries seqs, not events, and no chain links.
      expect(JSON.stringify(row.sealed), each.name).not.toMatch(/file_edit|"links"|"hash"/);
    }
    const bare = listed.find((item) => item.record.trace_id === unsealed);
    expect(bare).toEqual({ record: await store().getTrace(unsealed), qa: {} });
  });

  test("the list with outlines pages and filters as listTraces does", async () => {
    for (let index = 0; index < 3; index++) {
      await store().createTrace(createRequest, uploadFor(newTraceId("outline-page")));
    }
    for (const query of [
      { limit: 1000 },
      { limit: 2 },
      { limit: 2, offset: 1 },
      { status: "validated" as const, limit: 1000 },
      { status: "created" as const, limit: 3, offset: 1 },
    ]) {
      const records = await store().listTraces(query);
      const listed = await store().listTracesWithOutline(query);
      expect(
        listed.map((item) => item.record),
        JSON.stringify(query),
      ).toEqual(records);
    }
    const badLimit = await rejection(store().listTracesWithOutline({ limit: 0 }));
    expect(badLimit.code).toBe("input_invalid");
  });
}
