import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startTestService, type TestService, testApiToken } from "./__fixtures__/test-service.js";

const score = z.number().min(0).max(5);
/** What the reference client and its viewer read from GET /v1/traces/{id}. */
const referenceDocumentSchema = z.object({
  trace_id: z.string(),
  task: z.object({ title: z.string() }),
  session: z.object({ participant_id: z.string() }),
  metrics: z.record(z.string(), z.number()),
  events: z.array(z.object({ type: z.string() })),
  qa: z.object({
    validation: z.object({ tests_passed: z.boolean().nullable(), reason: z.string().optional() }),
    judge: z.object({
      model: z.string(),
      scores: z.object({
        problem_understanding: score,
        causal_linking: score,
        experiment_design: score,
        efficiency: score,
        reproducibility: score,
        safety_hygiene: score,
        overall: score,
      }),
      feedback_summary: z.string(),
    }),
  }),
});
type ReferenceDocument = z.infer<typeof referenceDocumentSchema>;

const sampleChunks = fileURLToPath(
  new URL("../../test/fixtures/samples/devtrace/sample-trace-chunks", import.meta.url),
);

/**
 * The PR Telemetry reference client's exchange, byte for byte in what it sends: Bearer API token
 * to create; the upload token for chunks (chunk ids suffixed with a run id, Idempotency-Key =
 * chunk_id), an empty final chunk at chunk_seq 3, a bare POST to complete; the API token again to
 * poll GET until `qa` appears, reading qa.judge.model and qa.judge.scores.overall.
 */
describe("the PR Telemetry reference client's exchange works unchanged", () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => {
    await service.stop();
  });

  it("create → chunks → final chunk → complete → poll", async () => {
    const base = service.url;
    const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
    const created = await fetch(`${base}/v1/traces`, {
      method: "POST",
      headers: { ...auth(testApiToken), "Content-Type": "application/json" },
      body: JSON.stringify({
        participant_id: "demo-user-001",
        task_id: "task-calc-001",
        task_title: "Fix multiply function in calculator",
        repo_origin: "https://github.com/example/calculator",
        start_commit: "abc123def456",
      }),
    });
    expect(created.status).toBe(200);
    const { trace_id, upload_token, message } = (await created.json()) as Record<string, string>;
    expect(message).toBe("Trace created successfully");

    const runId = "1a2b3c4d";
    const files = (await readdir(sampleChunks)).filter((name) => name.startsWith("chunk_")).sort();
    for (const file of files) {
      const chunk = JSON.parse(await readFile(join(sampleChunks, file), "utf8"));
      chunk.chunk_id = `${chunk.chunk_id}-${runId}`;
      const response = await fetch(`${base}/v1/traces/${trace_id}/events:ingest`, {
        method: "POST",
        headers: {
          ...auth(upload_token as string),
          "Content-Type": "application/json",
          "Idempotency-Key": chunk.chunk_id,
        },
        body: JSON.stringify(chunk),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { events_added: number }).events_added).toBeGreaterThan(0);
    }
    const final = { chunk_id: `chunk-final-${runId}`, chunk_seq: 3, events: [] };
    const finalResponse = await fetch(`${base}/v1/traces/${trace_id}/events:ingest`, {
      method: "POST",
      headers: {
        ...auth(upload_token as string),
        "Content-Type": "application/json",
        "Idempotency-Key": final.chunk_id,
      },
      body: JSON.stringify(final),
    });
    expect(finalResponse.status).toBe(200);

    const complete = await fetch(`${base}/v1/traces/${trace_id}/complete`, {
      method: "POST",
      headers: auth(upload_token as string),
    });
    expect(complete.status).toBe(200);
    const completed = (await complete.json()) as Record<string, unknown>;
    expect(completed).toMatchObject({ status: "completed", num_events: 10 });
    expect(typeof completed.qa_job_id).toBe("string");

    let document: ReferenceDocument | undefined;
    for (let attempt = 0; attempt < 300 && !document; attempt++) {
      const response = await fetch(`${base}/v1/traces/${trace_id}`, {
        headers: auth(testApiToken),
      });
      const body = (await response.json()) as Record<string, unknown>;
      if (response.status === 200 && body.qa) document = referenceDocumentSchema.parse(body);
      else {
        expect(response.status).toBe(202);
        expect(body.qa).toBeUndefined();
        await sleep(200);
      }
    }
    if (!document) throw new Error("no result");
    expect(document.trace_id).toBe(trace_id);
    expect(document.task.title).toBe("Fix multiply function in calculator");
    expect(document.session.participant_id).toBe("demo-user-001");
    expect(document.metrics).toMatchObject({
      num_events: 10,
      num_edits: 1,
      num_cmds: 2,
      num_test_runs: 2,
    });
    // No snapshot, and the repo is not reachable offline: verification says why it could not run.
    expect(document.qa.validation.tests_passed).toBeNull();
    expect(document.qa.validation.reason).toEqual(expect.any(String));
    expect(document.qa.judge.model).toBe("offline:devtrace-signals/v1");
    expect(document.qa.judge.feedback_summary.length).toBeGreaterThan(0);
    expect(document.events).toHaveLength(10);
  });
});
