import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../core/canonical-json.js";
import { rejection } from "../test-support/rejection.js";
import { allAvailable, type Requirement, skipWithout } from "../test-support/requirements.js";
import type { VerifyResult } from "../verify/types.js";
import {
  createRequest,
  makeEvents,
  newTraceId,
  sealedTrace,
  uploadFor,
} from "./devtrace-fixtures.js";
import { artifact, chunkConformanceTests } from "./devtrace-store-chunks.conformance.js";
import { listConformanceTests } from "./devtrace-store-list.conformance.js";
import type { DevtraceStore } from "./types.js";

export interface DevtraceStoreHarness {
  store: DevtraceStore;
  close(): Promise<void>;
}

/**
 * One behavioural suite every DevtraceStore must pass (PGlite in memory, PGlite in a folder,
 * Postgres). `open` returns a migrated-or-not store on a database of its own; the suite shares
 * it between tests, which use unique trace ids, and prunes last.
 */
export function describeDevtraceStoreConformance(
  name: string,
  open: () => Promise<DevtraceStoreHarness | undefined>,
  requirements: Requirement[] = [],
): void {
  describe(`DevtraceStore conformance: ${name}`, () => {
    skipWithout(...requirements);
    let harness: DevtraceStoreHarness | undefined;
    const store = () => {
      if (harness === undefined) throw new Error("store not opened");
      return harness.store;
    };

    beforeAll(async () => {
      if (!allAvailable(...requirements)) return;
      harness = await open();
      if (harness !== undefined) {
        await harness.store.migrate();
        // A second migrate (another process starting) must be a no-op.
        await harness.store.migrate();
      }
    });
    afterAll(async () => {
      await harness?.close();
    });

    const test = (title: string, body: () => Promise<void>) =>
      it(title, async (context) => {
        if (harness === undefined) context.skip();
        await body();
      });

    test("creates a trace and reads it back with consent defaults", async () => {
      const traceId = newTraceId("create");
      const upload = uploadFor(traceId);
      const created = await store().createTrace(createRequest, upload);
      expect(created).toMatchObject({
        trace_id: traceId,
        participant_id: "participant-7",
        task_title: createRequest.task_title,
        task_description: createRequest.task_description,
        known_failing_tests: createRequest.known_failing_tests,
        consent: { rationale: true, outputs: false, code: true, training: true },
        status: "created",
        num_events: 0,
        upload_token_sha256: upload.tokenSha256,
        upload_token_expires_at: upload.expiresAt.toISOString(),
        upload_token_revoked: false,
      });
      expect(created.failure_reason).toBeUndefined();
      expect(await store().getTrace(traceId)).toEqual(created);
      expect(await store().getTrace(newTraceId("absent"))).toBeUndefined();
      const again = await rejection(store().createTrace(createRequest, upload));
      expect(again.code).toBe("conflict");
      const invalid = await rejection(
        store().createTrace({ ...createRequest, task_title: "" }, uploadFor(newTraceId("bad"))),
      );
      expect(invalid.code).toBe("input_invalid");
      expect(invalid.message).toContain("task_title");
    });

    test("lists newest first, filters by status, pages", async () => {
      const ids: string[] = [];
      for (let index = 0; index < 3; index++) {
        const traceId = newTraceId("list");
        ids.push(traceId);
        await store().createTrace(createRequest, uploadFor(traceId));
      }
      await store().setStatus(ids[1] as string, "validated");
      const all = await store().listTraces({ limit: 1000 });
      const positions = ids.map((id) => all.findIndex((record) => record.trace_id === id));
      expect(positions.every((position) => position >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => b - a));
      const validated = await store().listTraces({ status: "validated", limit: 1000 });
      expect(validated.map((record) => record.trace_id)).toContain(ids[1]);
      expect(validated.every((record) => record.status === "validated")).toBe(true);
      const created = await store().listTraces({ status: "created", limit: 1000 });
      expect(created.map((record) => record.trace_id)).not.toContain(ids[1]);
      const firstTwo = await store().listTraces({ limit: 2 });
      const nextTwo = await store().listTraces({ limit: 2, offset: 1 });
      expect(firstTwo).toHaveLength(2);
      expect(nextTwo[0]).toEqual(firstTwo[1]);
      const badLimit = await rejection(store().listTraces({ limit: 0 }));
      expect(badLimit.code).toBe("input_invalid");
    });

    chunkConformanceTests(test, store);
    listConformanceTests(test, store);

    test("complete revokes the token, stores the sealed trace byte-equal, then refuses chunks", async () => {
      const traceId = newTraceId("complete");
      await store().createTrace(createRequest, uploadFor(traceId));
      const events = makeEvents(0, 12);
      await store().ingestChunk(traceId, {
        chunkId: "c1",
        chunkSeq: 0,
        events,
        artifacts: [],
      });
      const trace = sealedTrace(traceId, events);
      const record = await store().completeTrace(traceId, { trace, numEvents: 12, jobId: "job-1" });
      expect(record).toMatchObject({
        status: "completed",
        upload_token_revoked: true,
        num_events: 12,
        job_id: "job-1",
      });
      expect(Date.parse(record.completed_at ?? "")).toBeGreaterThan(0);
      expect(await store().getTrace(traceId)).toEqual(record);
      const stored = await store().getSealedTrace(traceId);
      expect(canonicalJson(stored)).toBe(canonicalJson(trace));
      expect(await store().getSealedTrace(newTraceId("none"))).toBeUndefined();

      const late = await rejection(
        store().ingestChunk(traceId, { chunkId: "c2", chunkSeq: 1, events: [], artifacts: [] }),
      );
      expect(late.code).toBe("conflict");
      expect(late.message).toContain(traceId);
      // A retried post of a chunk that was stored still gets its first answer.
      const replay = await store().ingestChunk(traceId, {
        chunkId: "c1",
        chunkSeq: 0,
        events,
        artifacts: [],
      });
      expect(replay.replayed).toBe(true);
      expect(replay.response.total_events).toBe(12);
      const twice = await rejection(
        store().completeTrace(traceId, { trace, numEvents: 12, jobId: "job-2" }),
      );
      expect(twice.code).toBe("conflict");
    });

    test("complete refuses when events arrived after the chunks were read", async () => {
      const traceId = newTraceId("race");
      await store().createTrace(createRequest, uploadFor(traceId));
      const first = makeEvents(0, 5);
      await store().ingestChunk(traceId, {
        chunkId: "c1",
        chunkSeq: 0,
        events: first,
        artifacts: [],
      });
      // The sealer read c1 only; c2 lands before the completion is written.
      await store().ingestChunk(traceId, {
        chunkId: "c2",
        chunkSeq: 1,
        events: makeEvents(5, 3),
        artifacts: [],
      });
      const raced = await rejection(
        store().completeTrace(traceId, {
          trace: sealedTrace(traceId, first),
          numEvents: 5,
          jobId: "j",
        }),
      );
      expect(raced.code).toBe("conflict");
      expect(raced.message).toContain("complete it again");
      expect((await store().getTrace(traceId))?.status).toBe("ingesting");
      expect(await store().getSealedTrace(traceId)).toBeUndefined();
    });

    test("abandon: created or ingesting → failed with the reason and a revoked token; else conflict", async () => {
      const traceId = newTraceId("abandon");
      await store().createTrace(createRequest, uploadFor(traceId));
      await store().ingestChunk(traceId, {
        chunkId: "c",
        chunkSeq: 0,
        events: makeEvents(0, 2),
        artifacts: [],
      });
      const abandoned = await store().abandonTrace(traceId, "abandoned: client crashed");
      expect(abandoned).toMatchObject({
        status: "failed",
        failure_reason: "abandoned: client crashed",
      });
      expect((await store().getTrace(traceId))?.upload_token_revoked).toBe(true);
      const again = await rejection(store().abandonTrace(traceId, "abandoned: twice"));
      expect(again.code).toBe("conflict");
      const late = await rejection(
        store().ingestChunk(traceId, { chunkId: "c2", chunkSeq: 1, events: [], artifacts: [] }),
      );
      expect(late.code).toBe("conflict");
      expect((await rejection(store().abandonTrace(newTraceId("none"), "x"))).code).toBe(
        "not_found",
      );
    });

    test("unknown traces are not_found", async () => {
      const traceId = newTraceId("unknown");
      const ingest = await rejection(
        store().ingestChunk(traceId, { chunkId: "c", chunkSeq: 0, events: [], artifacts: [] }),
      );
      expect(ingest.code).toBe("not_found");
      expect(ingest.message).toContain(traceId);
      const complete = await rejection(
        store().completeTrace(traceId, {
          trace: sealedTrace(traceId, []),
          numEvents: 0,
          jobId: "j",
        }),
      );
      expect(complete.code).toBe("not_found");
      expect((await rejection(store().setStatus(traceId, "failed", "x"))).code).toBe("not_found");
      expect((await rejection(store().saveQa(traceId, {}))).code).toBe("not_found");
      expect((await rejection(store().getQa(traceId))).code).toBe("not_found");
    });

    test("setStatus records and clears the reason", async () => {
      const traceId = newTraceId("status");
      await store().createTrace(createRequest, uploadFor(traceId));
      await store().setStatus(traceId, "validating");
      await store().setStatus(traceId, "failed", "sandbox: tests timed out after 600 s");
      expect(await store().getTrace(traceId)).toMatchObject({
        status: "failed",
        failure_reason: "sandbox: tests timed out after 600 s",
      });
      await store().setStatus(traceId, "validated");
      const record = await store().getTrace(traceId);
      expect(record?.status).toBe("validated");
      expect(record?.failure_reason).toBeUndefined();
      const invalid = await rejection(store().setStatus(traceId, "done" as "validated"));
      expect(invalid.code).toBe("input_invalid");
    });

    test("qa round trip merges validation and judge", async () => {
      const traceId = newTraceId("qa");
      await store().createTrace(createRequest, uploadFor(traceId));
      expect(await store().getQa(traceId)).toEqual({});
      const validation = {
        tests_passed: true,
        num_passed: 4,
        num_failed: 0,
        failing_tests: [],
        runtime_s: 1.25,
        sandbox: "bubblewrap",
        log: "4 passed in 0.03s ✓",
      } as unknown as VerifyResult;
      await store().saveQa(traceId, { validation });
      expect(await store().getQa(traceId)).toEqual({ validation });
      const judge = {
        judge: "offline:signals",
        scores: { problem_understanding: 4, causal_linking: 3.5 },
        overall: 3.8,
        feedback: "hypothesis before the edit",
      } as unknown as NonNullable<Awaited<ReturnType<DevtraceStore["getQa"]>>["judge"]>;
      await store().saveQa(traceId, { judge });
      expect(await store().getQa(traceId)).toEqual({ validation, judge });
    });

    test("pruneOlderThan deletes old traces with everything they own and keeps new ones", async () => {
      const oldId = newTraceId("old");
      await store().createTrace(createRequest, uploadFor(oldId));
      const events = makeEvents(0, 3);
      await store().ingestChunk(oldId, {
        chunkId: "c",
        chunkSeq: 0,
        events,
        artifacts: [artifact("a", "a")],
      });
      await store().completeTrace(oldId, {
        trace: sealedTrace(oldId, events),
        numEvents: 3,
        jobId: "j",
      });
      await store().saveQa(oldId, {
        validation: { tests_passed: false } as unknown as VerifyResult,
      });
      await sleep(50);
      const cutoff = new Date();
      await sleep(50);
      const newId = newTraceId("new");
      await store().createTrace(createRequest, uploadFor(newId));
      await store().ingestChunk(newId, { chunkId: "c", chunkSeq: 0, events, artifacts: [] });

      const pruned = await store().pruneOlderThan(cutoff);
      expect(pruned).toContain(oldId);
      expect(pruned).not.toContain(newId);
      expect(await store().getTrace(oldId)).toBeUndefined();
      expect(await store().listChunks(oldId)).toEqual([]);
      expect(await store().listArtifacts(oldId)).toEqual([]);
      expect(await store().getSealedTrace(oldId)).toBeUndefined();
      expect((await store().getTrace(newId))?.num_events).toBe(3);
      expect(await store().listChunks(newId)).toHaveLength(1);
      // The old trace id is free again: nothing it owned is left behind.
      await store().createTrace(createRequest, uploadFor(oldId));
      expect((await store().getTrace(oldId))?.num_events).toBe(0);
    });
  });
}
