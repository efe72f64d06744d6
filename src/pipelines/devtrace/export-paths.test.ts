import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevtraceStore } from "../../store/devtrace-store.js";
import { openPglite } from "../../store/sql-pglite.js";
import type { DevtraceStore, SqlClient } from "../../store/types.js";
import { storeValidatedTrace, useDevtraceWorkspace } from "./__fixtures__/validated-trace.js";
import { exportDevtraces } from "./export-devtraces.js";

/** Export writes only inside `--out` (issue 15): ids from the catalog never steer a path outside. */
describe("devtrace export paths", () => {
  const workspace = useDevtraceWorkspace("tracemill-export-paths-");
  const validatedTrace = (chunkIds: string[]) => storeValidatedTrace(workspace.store, chunkIds);

  it("a chunk id of ../../x never writes outside --out; the trace is skipped with the reason", async () => {
    const bad = await validatedTrace(["ok-1", "../../escaped"]);
    const good = await validatedTrace(["chunk-1"]);
    const out = join(workspace.dir, "out");
    const result = await exportDevtraces(workspace.store, out);
    expect(result.exported).toEqual([good]);
    expect(result.skipped).toEqual([
      { traceId: bad, reason: expect.stringMatching(/would leave/) },
    ]);
    expect((await readdir(workspace.dir)).sort()).toEqual(["out"]);
    expect(await readdir(out)).toEqual([good]);
  });

  it("a missing target folder (and its parents) is created, also when nothing is exported", async () => {
    const out = join(workspace.dir, "not", "yet", "there");
    await exportDevtraces(workspace.store, out);
    expect((await stat(out)).isDirectory()).toBe(true);
  });

  it("a chunk id naming a sub-folder inside the trace folder gets that folder created", async () => {
    const traceId = await validatedTrace(["part/one"]);
    const out = join(workspace.dir, "third");
    expect((await exportDevtraces(workspace.store, out)).exported).toContain(traceId);
    expect(await readdir(join(out, traceId, "chunks", "part"))).toEqual(["one.json"]);
  });
});
