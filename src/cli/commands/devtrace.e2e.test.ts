import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitCodeFor, toTracemillError } from "../../core/errors.js";
import {
  startTestService,
  type TestService,
  testApiToken,
} from "../../server/__fixtures__/test-service.js";
import { renderSubmit, renderVerification, runSubmit } from "./devtrace.js";

const oneLineFix = fileURLToPath(
  new URL("../../../examples/devtrace/one-line-fix/chunks", import.meta.url),
);

describe("tracemill devtrace submit / verify (the actions)", () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ workers: 0 });
  });
  afterAll(async () => {
    await service.stop();
  });

  it("submit replays the chunks with task.json from beside the folder, plus an empty final chunk", async () => {
    const lines: string[] = [];
    const result = await runSubmit(
      oneLineFix,
      { server: service.url, token: testApiToken, wait: false, timeout: "60" },
      (line) => lines.push(line),
    );
    const record = await service.backend.store.getTrace(result.traceId);
    expect(record?.task_id).not.toBe("chunks");
    expect(record?.status).toBe("completed");
    const chunks = await service.backend.store.listChunks(result.traceId);
    expect(chunks.at(-1)).toMatchObject({ chunk_id: "chunk-final", events: [] });
    expect(chunks.map((chunk) => chunk.idempotency_key)).toEqual(
      chunks.map((chunk) => chunk.chunk_id),
    );
    expect(result.completed.num_events).toBe(result.eventsAdded);
    expect(renderSubmit(result)).toContain("not waiting");
    expect(lines.some((line) => line.startsWith("created "))).toBe(true);
  });

  it("submit refuses without a token and names the fix", async () => {
    const saved = process.env.TRACEMILL_API_TOKEN;
    delete process.env.TRACEMILL_API_TOKEN;
    try {
      await expect(
        runSubmit(oneLineFix, { server: service.url, wait: false, timeout: "60" }, () => {}),
      ).rejects.toThrow(/--token/);
    } finally {
      if (saved !== undefined) process.env.TRACEMILL_API_TOKEN = saved;
    }
  });

  it("a wrong token surfaces the server's 401 as a typed error", async () => {
    await expect(
      runSubmit(
        oneLineFix,
        { server: service.url, token: "nope", wait: false, timeout: "60" },
        () => {},
      ),
    ).rejects.toMatchObject({ code: "unauthorized", status: 401 });
  });

  it("submit refuses a folder with a chunk it must skip (exit 65) unless --allow-gaps", async () => {
    const folder = await mkdtemp(join(tmpdir(), "tracemill-gaps-"));
    try {
      const chunks = join(folder, "chunks");
      await cp(oneLineFix, chunks, { recursive: true });
      await writeFile(join(chunks, "chunk_02.json"), '{"chunk_id": "chunk-002", "events": [');
      const before = (await service.backend.store.listTraces({})).length;
      const refused = runSubmit(
        chunks,
        { server: service.url, token: testApiToken, wait: false, timeout: "60" },
        () => {},
      );
      await expect(refused).rejects.toMatchObject({
        code: "input_invalid",
        message: expect.stringMatching(/1 of 3 chunk files .*--allow-gaps[\s\S]*chunk_02\.json/),
      });
      expect(exitCodeFor(await refused.catch((error: unknown) => toTracemillError(error)))).toBe(
        65,
      );
      // Nothing was sent: no trace was created for the refused folder.
      expect((await service.backend.store.listTraces({})).length).toBe(before);
      const result = await runSubmit(
        chunks,
        {
          server: service.url,
          token: testApiToken,
          wait: false,
          timeout: "60",
          allowGaps: true,
        },
        () => {},
      );
      expect(result.warnings.map((warning) => warning.code)).toEqual(["chunk_unreadable"]);
      expect(renderSubmit(result)).toContain("chunk_02.json");
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("verify output names the first broken event", () => {
    expect(renderVerification("t.json", { ok: true, verified: 3 })).toContain("chain ok, 3");
    const broken = renderVerification("t.json", {
      ok: false,
      verified: 4,
      firstBroken: { index: 4, event_id: "event-005", seq: 4, reason: "event or link was changed" },
    });
    expect(broken).toContain("BROKEN at event #4 (event-005)");
  });
});
