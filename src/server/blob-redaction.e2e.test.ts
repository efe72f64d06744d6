import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../core/hash.js";
import { exportDevtraces } from "../pipelines/devtrace/export-devtraces.js";
import {
  everyFile,
  findPlanted,
  type PlantedSecret,
  plantedSecrets,
} from "../test-support/planted-secrets.js";
import type { VerifyResult } from "../verify/types.js";
import { startTestService, type TestService } from "./__fixtures__/test-service.js";

/**
 * Issue 17: devtrace blobs pass the same detectors as events. Text artifacts (PUT and inline,
 * utf8 or base64) are stored redacted; the verification log (what the tests printed from the
 * snapshot) is redacted before it is stored; the snapshot itself stays byte for byte.
 */
describe("devtrace blobs: no planted secret in the blob store, GET or the export", () => {
  let service: TestService;
  let out: string;
  let secrets: PlantedSecret[];
  let planted: string;

  beforeAll(async () => {
    secrets = await plantedSecrets();
    planted = `${secrets.map((secret) => `value: ${secret.value}`).join("\n")}\n`;
    const verify = async (): Promise<VerifyResult> => ({
      tests_passed: false,
      framework: "pytest",
      num_passed: 1,
      num_failed: 1,
      num_errors: 0,
      num_skipped: 0,
      failing_tests: ["test_pay.py::test_charge"],
      runtime_s: 0.1,
      sandbox: "none",
      exit_code: 1,
      timed_out: false,
      log: `FAILED test_pay.py::test_charge\n${planted}`,
    });
    service = await startTestService({ workers: 1, job: { verify } });
    out = await mkdtemp(join(tmpdir(), "tracemill-blob-redaction-"));
  });
  afterAll(async () => {
    await service?.stop();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it("stores text blobs redacted, keeps the snapshot exact, and exports nothing planted", async () => {
    const cardAndIban = secrets.filter((secret) => /^(credit_card|iban)$/.test(secret.kind));
    expect(cardAndIban.length).toBeGreaterThanOrEqual(20);
    const created = await service.client.createTrace({
      participant_id: "p",
      task_id: "blobs",
      task_title: "Blob redaction",
    });
    const upload = created.upload_token;
    const traceId = created.trace_id;
    await service.client.ingest(
      traceId,
      {
        chunk_id: "c0",
        chunk_seq: 0,
        events: [
          {
            id: "e0",
            seq: 0,
            ts_client_s: 1_700_000_000,
            type: "cmd_run",
            cmd: "pytest -q",
            exit_code: 1,
            stdout_ref: "stdout_e0",
            stderr_ref: "stderr_e0",
          },
        ],
        artifacts: {
          stdout_e0: { type: "stdout", event_id: "e0", content: `stdout\n${planted}` },
          stderr_e0: {
            type: "stderr",
            event_id: "e0",
            content: Buffer.from(`stderr\n${planted}`, "utf8").toString("base64"),
            encoding: "base64",
          },
        },
      },
      { uploadToken: upload, idempotencyKey: "c0" },
    );
    // A large log streamed in pieces: every line passes the detectors on the way in.
    const bigLog = `${"x ".repeat(40_000)}\n${planted}`.repeat(8);
    const log = await service.request("PUT", `/v1/traces/${traceId}/artifacts/build_output.log`, {
      token: upload,
      body: bigLog,
      headers: { "content-type": "application/octet-stream" },
    });
    expect(log.status).toBe(200);
    const notes = await service.request("PUT", `/v1/traces/${traceId}/artifacts/notes.txt`, {
      token: upload,
      body: `notes\n${planted}`,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
    expect(notes.status).toBe(200);
    const snapshotBytes = Buffer.concat([
      Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
      Buffer.from(planted, "utf8"),
    ]);
    const snapshot = await service.request(
      "PUT",
      `/v1/traces/${traceId}/artifacts/workspace_snapshot.tar.gz`,
      { token: upload, body: snapshotBytes, headers: { "content-type": "application/gzip" } },
    );
    expect(snapshot.body).toMatchObject({ sha256: sha256Hex(snapshotBytes) });
    await service.client.ingest(
      traceId,
      { chunk_id: "final", chunk_seq: 1, events: [] },
      { uploadToken: upload, idempotencyKey: "final" },
    );
    await service.client.complete(traceId, { uploadToken: upload });
    const document = await service.client.waitForResult(traceId, {
      intervalMs: 100,
      timeoutMs: 60_000,
    });

    // The snapshot is kept exactly (the sandbox restores it); every other blob is redacted.
    const snapshotKey = `sha256/${sha256Hex(snapshotBytes)}`;
    expect(await service.backend.blobs.get(snapshotKey)).toEqual(snapshotBytes);
    const blobKeys = (await service.backend.blobs.list()).filter((key) => key !== snapshotKey);
    expect(blobKeys.length).toBeGreaterThanOrEqual(4);
    const blobTexts = await Promise.all(
      blobKeys.map(async (key) => (await service.backend.blobs.get(key)).toString("utf8")),
    );
    const inBlobs = secrets.filter((secret) =>
      blobTexts.some((text) => text.includes(secret.secret)),
    );
    expect(inBlobs.map((secret) => secret.kind)).toEqual([]);
    expect(blobTexts.join("\n")).toContain("[REDACTED:");

    const answer = JSON.stringify(document);
    expect(secrets.filter((secret) => answer.includes(secret.secret))).toEqual([]);
    expect(document.qa?.validation?.log).toContain("FAILED test_pay.py::test_charge");

    await exportDevtraces(service.backend.store, out);
    expect(await findPlanted(await everyFile(out), secrets)).toEqual([]);
  });
});
