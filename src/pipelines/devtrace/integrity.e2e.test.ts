import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  renderVerification,
  verifyExitCode,
  verifyTraceFile,
} from "../../cli/commands/devtrace.js";
import type { TraceDocumentBody } from "../../client/devtrace-client.js";
import {
  startTestService,
  type TestService,
  testHmacKey,
} from "../../server/__fixtures__/test-service.js";
import type { IngestChunk } from "../../sources/devtrace/events.js";
import { readChunkFolder } from "../../sources/devtrace/read-chunks.js";
import { exportDevtraces } from "./export-devtraces.js";
import { readTaskFile, submitChunkFolder } from "./submit-chunk-folder.js";
import { verifyStoredDevtrace } from "./verify-stored-trace.js";

const example = fileURLToPath(new URL("../../../examples/devtrace/one-line-fix/", import.meta.url));
/** A repository that cannot be cloned (file transport, no network): verification cannot run. */
const unreachableRepo = "file:///nonexistent/tracemill-integrity-test.git";

/**
 * The integrity and honesty of a finished trace over the real server (PGlite in memory, the real
 * verifier): a trace whose tests could not run reads `unverified`, one with a chunk skipped reads
 * `incomplete`, neither is called validated in GET or export, and export refuses a trace whose
 * raw chunk bytes changed after sealing.
 */
describe("devtrace integrity: unverified, incomplete, tampered chunks", () => {
  let service: TestService;
  let out: string;

  beforeAll(async () => {
    service = await startTestService({ workers: 1 });
    out = await mkdtemp(join(tmpdir(), "tracemill-integrity-"));
  });
  afterAll(async () => {
    await service?.stop();
    if (out) await rm(out, { recursive: true, force: true });
  });

  async function submit(
    pick: (chunks: IngestChunk[]) => IngestChunk[],
  ): Promise<{ traceId: string; document: TraceDocumentBody }> {
    const task = await readTaskFile(join(example, "task.json"));
    const created = await service.client.createTrace({ ...task, repo_origin: unreachableRepo });
    const folder = await readChunkFolder(join(example, "chunks"));
    for (const chunk of pick(folder.chunks)) {
      await service.client.ingest(created.trace_id, chunk, {
        uploadToken: created.upload_token,
        idempotencyKey: chunk.chunk_id,
      });
    }
    await service.client.complete(created.trace_id, { uploadToken: created.upload_token });
    const document = await service.client.waitForResult(created.trace_id, {
      intervalMs: 100,
      timeoutMs: 60_000,
    });
    return { traceId: created.trace_id, document };
  }

  async function listed(traceId: string) {
    const traces = await service.client.listTraces({ limit: 1000 });
    return traces.find((trace) => trace.trace_id === traceId);
  }

  it("no snapshot and the repository unreachable: GET reads unverified with the reason, never validated", async () => {
    const { traceId, document } = await submit((chunks) => chunks);
    expect(document.status).toBe("unverified");
    const body = document as unknown as Record<string, unknown>;
    expect(body.status_reason).toEqual(expect.stringContaining("the tests could not be run"));
    expect(document.qa?.validation?.tests_passed).toBeNull();
    expect(document.qa?.validation?.reason).toEqual(expect.any(String));
    expect(document.qa?.judge).toMatchObject({ outcome: "unverified", fix_correctness: null });
    // The list reads the trace the same way as the single GET.
    expect(await listed(traceId)).toMatchObject({
      status: "unverified",
      status_reason: body.status_reason,
    });

    const result = await exportDevtraces(service.backend.store, out, { key: testHmacKey });
    expect(result.labelled).toContainEqual(
      expect.objectContaining({ traceId, status: "unverified" }),
    );
    const verification = JSON.parse(
      await readFile(join(out, traceId, "verification.json"), "utf8"),
    );
    expect(verification).toMatchObject({ required: true, passed: false, status: "unverified" });
    await exportDevtraces(service.backend.store, out, { includeUnverified: true });
    const included = JSON.parse(await readFile(join(out, traceId, "verification.json"), "utf8"));
    expect(included).toMatchObject({ required: false, status: "unverified" });
  });

  it("a chunk skipped (chunk_seq 1 never sent): GET and export read incomplete, naming the gap", async () => {
    const { traceId, document } = await submit((chunks) =>
      chunks.filter((chunk) => chunk.chunk_seq !== 1),
    );
    expect(document.status).toBe("incomplete");
    const body = document as unknown as Record<string, unknown>;
    expect(body.status_reason).toContain("chunk_seq 1");
    expect(body.completeness).toMatchObject({ complete: false, missing_chunk_seqs: [1] });
    expect(await listed(traceId)).toMatchObject({
      status: "incomplete",
      status_reason: body.status_reason,
    });
    const result = await exportDevtraces(service.backend.store, out);
    expect(result.labelled).toContainEqual(
      expect.objectContaining({ traceId, status: "incomplete" }),
    );
    const verification = JSON.parse(
      await readFile(join(out, traceId, "verification.json"), "utf8"),
    );
    expect(verification).toMatchObject({ required: true, passed: false, status: "incomplete" });
  });

  it("submit --allow-gaps with the last chunk file unreadable: the server seals it incomplete", async () => {
    // The last file is the hardest case: no chunk_seq or event seq gap shows it was skipped.
    const folder = await mkdtemp(join(tmpdir(), "tracemill-allow-gaps-"));
    const chunks = join(folder, "chunks");
    await cp(join(example, "chunks"), chunks, { recursive: true });
    const names = (await readdir(chunks)).filter((name) => name.endsWith(".json")).sort();
    await writeFile(join(chunks, names.at(-1) as string), '{"chunk_id": "cut", "events": [');
    const task = await readTaskFile(join(example, "task.json"));
    const submitted = await submitChunkFolder({
      client: service.client,
      chunksDir: chunks,
      task: { ...task, repo_origin: unreachableRepo },
      allowGaps: true,
      pollIntervalMs: 100,
      timeoutMs: 60_000,
    });
    await rm(folder, { recursive: true, force: true });
    const { traceId } = submitted;
    const document = submitted.result as unknown as Record<string, unknown>;
    expect(document.status).toBe("incomplete");
    expect(document.status_reason).toContain("the client skipped 1 chunk file(s)");
    expect(document.completeness).toMatchObject({ complete: false, skipped_chunk_count: 1 });
    expect(await listed(traceId)).toMatchObject({ status: "incomplete" });

    // The mark is sealed: the stored trace verifies, and dropping the mark breaks the seal.
    expect((await verifyStoredDevtrace(service.backend.store, traceId, testHmacKey)).ok).toBe(true);
    const answer = join(out, `${traceId}-answer.json`);
    const stripped = JSON.parse(JSON.stringify(document)) as {
      trace: { meta: Record<string, unknown> };
    };
    delete stripped.trace.meta.skipped_chunks;
    await writeFile(answer, JSON.stringify(stripped));
    const verified = await verifyTraceFile(answer, testHmacKey);
    expect(verified.ok).toBe(false);
    expect(verified.problems?.join("\n")).toContain("integrity.seal does not match");

    // Export keeps it out of SFT by default (verification required and not passed).
    const result = await exportDevtraces(service.backend.store, out, { key: testHmacKey });
    expect(result.labelled).toContainEqual(
      expect.objectContaining({ traceId, status: "incomplete" }),
    );
    const verification = JSON.parse(
      await readFile(join(out, traceId, "verification.json"), "utf8"),
    );
    expect(verification).toMatchObject({ required: true, passed: false, status: "incomplete" });
  });

  it("a legacy seal (no event count / head hash) reads unverified and stays out of SFT by default", async () => {
    const { traceId } = await submit((chunks) => chunks);
    await service.backend.sql.query(
      `UPDATE devtrace_sealed SET trace = jsonb_set(trace, '{integrity}',
         (trace->'integrity') - 'count' - 'head' - 'seal') WHERE trace_id = $1`,
      [traceId],
    );
    const stored = await verifyStoredDevtrace(service.backend.store, traceId, testHmacKey);
    expect(stored).toMatchObject({ ok: true, legacySeal: true });
    const state = await service.client.getTrace(traceId);
    const document = state.body as unknown as Record<string, unknown>;
    expect(document.status).toBe("unverified");
    expect(document.status_reason).toContain("legacy seal");
    expect(await listed(traceId)).toMatchObject({ status: "unverified" });

    const result = await exportDevtraces(service.backend.store, out, { key: testHmacKey });
    expect(result.labelled).toContainEqual({
      traceId,
      status: "unverified",
      reason: expect.stringContaining("legacy seal"),
    });
    const verification = JSON.parse(
      await readFile(join(out, traceId, "verification.json"), "utf8"),
    );
    expect(verification).toMatchObject({ required: true, passed: false, status: "unverified" });
    const exportedTrace = join(out, traceId, "trace.json");
    const checked = await verifyTraceFile(exportedTrace, testHmacKey);
    expect(renderVerification(exportedTrace, checked)).toContain("unverified: legacy seal");
    expect(verifyExitCode(checked)).toBe(2);
  });

  it("export refuses a trace whose raw chunk row was edited after sealing; verify names the chunk", async () => {
    const { traceId, document } = await submit((chunks) => chunks);
    expect((await verifyStoredDevtrace(service.backend.store, traceId, testHmacKey)).ok).toBe(true);
    const before = await exportDevtraces(service.backend.store, out, { key: testHmacKey });
    expect(before.exported).toContain(traceId);

    // The exported folder verifies; an edited chunk file beside trace.json does not.
    const exportedTrace = join(out, traceId, "trace.json");
    expect((await verifyTraceFile(exportedTrace, testHmacKey)).ok).toBe(true);
    const chunkFile = join(out, traceId, "chunks", "olf-chunk-001.json");
    const chunkBytes = await readFile(chunkFile, "utf8");
    await writeFile(chunkFile, chunkBytes.replace("fahrenheit", "Fahrenheit"));
    const editedFile = await verifyTraceFile(exportedTrace, testHmacKey);
    expect(editedFile.ok).toBe(false);
    expect(editedFile.problems?.join("\n")).toContain(
      "chunks/olf-chunk-001.json: chunk bytes changed",
    );

    await service.backend.sql.query(
      `UPDATE devtrace_chunks SET events = jsonb_set(events, '{0,seq}', '7000')
       WHERE trace_id = $1 AND chunk_id = 'olf-chunk-001'`,
      [traceId],
    );
    const stored = await verifyStoredDevtrace(service.backend.store, traceId, testHmacKey);
    expect(stored.ok).toBe(false);
    expect(stored.problems?.join("\n")).toContain("chunk:olf-chunk-001: chunk bytes changed");
    const after = await exportDevtraces(service.backend.store, out, { key: testHmacKey });
    expect(after.exported).not.toContain(traceId);
    expect(after.skipped).toContainEqual({
      traceId,
      reason: expect.stringContaining("integrity: chunk:olf-chunk-001: chunk bytes changed"),
    });

    // The GET answer: its top-level events must be the sealed ones, and a dropped tail is caught.
    const answer = join(out, "answer.json");
    await writeFile(answer, JSON.stringify(document));
    expect((await verifyTraceFile(answer, testHmacKey)).ok).toBe(true);
    const reordered = JSON.parse(JSON.stringify(document)) as { events: unknown[] };
    reordered.events.reverse();
    await writeFile(answer, JSON.stringify(reordered));
    const topLevel = await verifyTraceFile(answer, testHmacKey);
    expect(topLevel.ok).toBe(false);
    expect(topLevel.problems?.[0]).toContain("events[0]: differs from the sealed event");
    const truncated = JSON.parse(JSON.stringify(document)) as {
      trace: { meta: { events: unknown[] }; integrity: { links: unknown[] } };
    };
    truncated.trace.meta.events.pop();
    truncated.trace.integrity.links.pop();
    await writeFile(answer, JSON.stringify(truncated));
    expect((await verifyTraceFile(answer, testHmacKey)).ok).toBe(false);
  });
});
