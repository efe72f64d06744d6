import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/config.js";
import { createRedactor } from "../../model/redact.js";
import { createDevtraceStore } from "../../store/devtrace-store.js";
import { openPglite } from "../../store/sql-pglite.js";
import type { DevtraceStore, SqlClient } from "../../store/types.js";
import { countsProblem } from "../types.js";
import { storeValidatedTrace, useDevtraceWorkspace } from "./__fixtures__/validated-trace.js";
import { runDevtracePipeline } from "./run-devtrace-pipeline.js";

/** The devtrace pipeline in the one shape: every trace read ends written, quarantined or skipped. */
describe("runDevtracePipeline", () => {
  const workspace = useDevtraceWorkspace("tracemill-devtrace-pipeline-");
  const validatedTrace = (chunkIds: string[]) => storeValidatedTrace(workspace.store, chunkIds);

  it("writes the good trace, skips an unsafe one with its reason, and counts both", async () => {
    const bad = await validatedTrace(["ok-1", "../../escaped"]);
    const good = await validatedTrace(["chunk-1"]);
    const config = defaultConfig();
    const progress: string[] = [];
    const report = await runDevtracePipeline(
      { store: workspace.store, out: join(workspace.dir, "out") },
      {
        config,
        redactor: createRedactor(config.redaction),
        onProgress: (phase, done, total, detail) =>
          progress.push(`${phase} ${done}/${total} ${detail}`),
      },
    );
    expect(report).toMatchObject({
      kind: "devtrace",
      status: "completed",
      counts: {
        in: 2,
        written: 1,
        quarantined: 0,
        skipped: 1,
        skippedByReason: { unsafe_path: 1 },
      },
      outputs: [join(workspace.dir, "out")],
    });
    expect(countsProblem(report.counts)).toBeUndefined();
    expect(report.detail.exported).toEqual([good]);
    expect(report.warnings).toContainEqual(
      expect.stringMatching(new RegExp(`^skipped ${bad}: unsafe path`)),
    );
    expect(progress).toEqual([`traces 1/undefined ${good}`]);
  });
});
