import { existsSync } from "node:fs";
import { readFile, stat, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createWorkspace,
  deadPid,
  liveChild,
  rejectionOf,
  type Workspace,
} from "./__fixtures__/run-test-support.js";
import { openRun } from "./open-run.js";
import { acquireLock, inspectLock } from "./run-lock.js";

describe("run lock", () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await createWorkspace();
  });
  afterEach(() => workspace.cleanup());

  const options = () => ({
    runsDir: workspace.runsDir,
    command: "ingest",
    inputs: workspace.inputs,
    config: {},
    toolVersion: "1",
    logLevel: "silent",
  });

  /** A finished run whose lock is then replaced by the given one, as if another process held it. */
  async function runWithLock(lock: object, ageMs = 0): Promise<string> {
    const run = await openRun(options());
    await run.finish("completed");
    const path = join(run.dir, ".lock");
    await writeFile(path, JSON.stringify(lock));
    if (ageMs > 0) {
      const then = new Date(Date.now() - ageMs);
      await utimes(path, then, then);
    }
    return run.dir;
  }

  it("takes over the lock of a dead process on this host, with an event and a warning", async () => {
    const pid = await deadPid();
    const dir = await runWithLock({
      pid,
      hostname: hostname(),
      startedAt: "2025-01-01T00:00:00.000Z",
    });
    const run = await openRun({ ...options(), resume: "latest" });
    const lock = JSON.parse(await readFile(join(dir, ".lock"), "utf8"));
    expect(lock.pid).toBe(process.pid);
    await run.finish("completed");
    const events = (await readFile(join(dir, "events.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "lock-takeover",
        previous: expect.objectContaining({ pid }),
      }),
    );
    const warnings = JSON.parse(await readFile(join(dir, "warnings.json"), "utf8"));
    expect(warnings).toContainEqual(expect.objectContaining({ code: "lock_takeover" }));
    expect(existsSync(join(dir, ".lock"))).toBe(false);
  });

  it("refuses a lock held by a live process, naming its pid", async () => {
    const child = liveChild();
    try {
      const dir = await runWithLock({
        pid: child.pid,
        hostname: hostname(),
        startedAt: "2025-01-01T00:00:00.000Z",
      });
      const error = await rejectionOf(openRun({ ...options(), resume: "latest" }));
      expect(error).toMatchObject({ code: "locked" });
      expect(error.message).toContain(`pid ${child.pid}`);
      expect(JSON.parse(await readFile(join(dir, ".lock"), "utf8")).pid).toBe(child.pid);
    } finally {
      child.stop();
    }
  });

  it("respects a fresh lock from another host and takes over one whose heartbeat stopped", async () => {
    const foreign = {
      pid: 1,
      hostname: "some-other-host.invalid",
      startedAt: "2025-01-01T00:00:00.000Z",
    };
    const dir = await runWithLock(foreign);
    await expect(openRun({ ...options(), resume: "latest" })).rejects.toMatchObject({
      code: "locked",
    });
    const old = new Date(Date.now() - 11 * 60 * 1000);
    await utimes(join(dir, ".lock"), old, old);
    const run = await openRun({ ...options(), resume: "latest" });
    await run.finish("completed");
    expect(await readFile(join(dir, "events.jsonl"), "utf8")).toContain('"type":"lock-takeover"');
  });

  it("is exclusive within one process and refreshes its mtime while held", async () => {
    const path = join(workspace.root, ".lock");
    const owner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
    const handle = await acquireLock(path, owner, { heartbeatMs: 50 });
    await expect(acquireLock(path, owner)).rejects.toMatchObject({ code: "locked" });
    const old = new Date(Date.now() - 5 * 60 * 1000);
    await utimes(path, old, old);
    const deadline = Date.now() + 10_000;
    while ((await stat(path)).mtimeMs < Date.now() - 60_000 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect((await stat(path)).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    expect((await inspectLock(path, { hostname: hostname() })).kind).toBe("held");
    await handle.release();
    expect((await inspectLock(path, { hostname: hostname() })).kind).toBe("free");
  });
});
