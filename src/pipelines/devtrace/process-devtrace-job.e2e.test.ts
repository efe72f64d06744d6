import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  makeChunk,
  startTestService,
  type TestService,
} from "../../server/__fixtures__/test-service.js";
import type { VerifyRequest } from "../../verify/types.js";
import { processDevtraceJob } from "./process-devtrace-job.js";
import { submitChunkFolder } from "./submit-chunk-folder.js";

const sampleChunks = fileURLToPath(
  new URL("../../../test/fixtures/samples/devtrace/sample-trace-chunks", import.meta.url),
);

describe("the devtrace verification job", () => {
  let service: TestService;
  const attempts: VerifyRequest[] = [];

  beforeAll(async () => {
    service = await startTestService({
      job: {
        verify: async (request) => {
          attempts.push(request);
          throw new Error("sandbox exploded");
        },
      },
    });
  });
  afterAll(async () => {
    await service.stop();
  });

  it("retries a failing job, then marks the trace failed with the reason", async () => {
    const submitted = await submitChunkFolder({
      client: service.client,
      chunksDir: sampleChunks,
      pollIntervalMs: 200,
      timeoutMs: 60_000,
    });
    expect(submitted.result?.status).toBe("failed");
    expect(submitted.result?.failure_reason).toContain("sandbox exploded");
    expect(submitted.result?.failure_reason).toContain("3 attempt(s)");
    expect(attempts.filter((request) => request.traceId === submitted.traceId)).toHaveLength(3);
    // No snapshot was uploaded, so the job fell back to repo_origin + the final patch.
    const request = attempts.find((item) => item.traceId === submitted.traceId);
    expect(request?.snapshot).toBeUndefined();
    expect(request?.finalPatch).toContain("return a * b");
    const record = await service.backend.store.getTrace(submitted.traceId);
    expect(record?.status).toBe("failed");
  });

  it("ignores a job that lost the race between two completes and a job for a pruned trace", async () => {
    const created = await service.client.createTrace({
      participant_id: "p",
      task_id: "t",
      task_title: "T",
    });
    await service.client.ingest(created.trace_id, makeChunk("a", 0, 0, 2));
    const completed = await service.client.complete(created.trace_id);
    await service.backend.jobs.drain("devtrace.verify", 30_000);
    const before = await service.backend.store.getTrace(created.trace_id);
    let verified = 0;
    const deps = {
      store: service.backend.store,
      blobs: service.backend.blobs,
      verify: async () => {
        verified++;
        throw new Error("must not run");
      },
    };
    await processDevtraceJob(
      { trace_id: created.trace_id },
      { id: "some-other-job", retryCount: 0, retryLimit: 2 },
      deps,
    );
    await processDevtraceJob(
      { trace_id: "trace_pruned" },
      { id: completed.job_id, retryCount: 0, retryLimit: 2 },
      deps,
    );
    expect(verified).toBe(0);
    expect((await service.backend.store.getTrace(created.trace_id))?.status).toBe(before?.status);
  });
});
