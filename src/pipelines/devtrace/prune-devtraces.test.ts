import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevtraceBackend, memoryCatalog, openDevtraceBackend } from "./open-backend.js";
import { parseDuration, pruneDevtraces } from "./prune-devtraces.js";

describe("pruneDevtraces", () => {
  let backend: DevtraceBackend;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tracemill-prune-test-"));
    backend = await openDevtraceBackend({ db: memoryCatalog, dataDir: dir });
  });
  afterAll(async () => {
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("deletes old traces and the blobs only they used, keeping blobs a remaining trace shares", async () => {
    const { store, blobs } = backend;
    const request = { participant_id: "p", task_id: "t", task_title: "T" };
    const upload = (traceId: string) => ({
      traceId,
      tokenSha256: "0".repeat(64),
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await store.createTrace(request, upload("old"));
    const shared = await blobs.put(Buffer.from("shared log"));
    const own = await blobs.put(Buffer.from("only the old trace"));
    for (const [key, blob] of [
      ["shared.log", shared],
      ["own.log", own],
    ] as const) {
      await store.putArtifact("old", { key, type: "log", sha256: blob.sha256, bytes: blob.bytes });
    }
    await sleep(50);
    const cutoff = new Date();
    await sleep(50);
    await store.createTrace(request, upload("kept"));
    await store.putArtifact("kept", {
      key: "s",
      type: "log",
      sha256: shared.sha256,
      bytes: shared.bytes,
    });

    const result = await pruneDevtraces({ store, blobs, before: cutoff });
    expect(result).toEqual({ traceIds: ["old"], blobsDeleted: 1 });
    expect(await store.getTrace("old")).toBeUndefined();
    expect(await store.getTrace("kept")).toBeDefined();
    expect(await blobs.has(own.key)).toBe(false);
    expect(await blobs.has(shared.key)).toBe(true);
  });

  it("parses durations like 90d and refuses nonsense", () => {
    expect(parseDuration("90d")).toBe(90 * 86_400_000);
    expect(parseDuration("12h")).toBe(12 * 3_600_000);
    expect(parseDuration("2w")).toBe(14 * 86_400_000);
    expect(() => parseDuration("soon")).toThrow(/unit/);
  });
});
