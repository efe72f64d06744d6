import { link, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/config.js";
import { createRedactor } from "../../model/redact.js";
import { countsProblem } from "../types.js";
import { buildExampleScreenSessions, exampleDesktopSessionId } from "./example-sessions.js";
import { resolveProcessOptions } from "./options.js";
import { runScreenPipeline } from "./run-screen-pipeline.js";

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});

describe("runScreenPipeline (the screen pipeline, one shape)", () => {
  it("quarantines a missing session by its error code, writes the other, and reports progress per session", async () => {
    const root = await mkdtemp(join(tmpdir(), "tracemill-screen-pipeline-"));
    temporary.push(root);
    await buildExampleScreenSessions(join(root, "data"), { videos: false });
    const config = { ...defaultConfig(), runsDir: join(root, "runs"), cacheDir: join(root, "c") };
    const options = resolveProcessOptions(
      {
        format: "desktop",
        data: join(root, "data", "desktop"),
        out: join(root, "out"),
        sessions: `no-such-session,${exampleDesktopSessionId}`,
      },
      root,
    );
    const progress: string[] = [];
    const warned: string[] = [];
    const report = await runScreenPipeline(options, {
      config,
      redactor: createRedactor(config.redaction),
      warn: (line) => warned.push(line),
      onProgress: (phase, done, total) => progress.push(`${phase} ${done}/${total}`),
    });
    expect(report).toMatchObject({
      kind: "screen",
      status: "partial",
      counts: {
        in: 2,
        written: 1,
        quarantined: 1,
        skipped: 0,
        quarantinedByReason: { not_found: 1 },
      },
    });
    expect(countsProblem(report.counts)).toBeUndefined();
    expect(progress).toEqual(["sessions 1/2", "sessions 2/2"]);
    expect(warned.some((line) => line.includes("session no-such-session: not_found"))).toBe(true);
    expect(report.warnings[0]).toMatch(/^session no-such-session: not_found: /);
    expect(report.outputs).toContain(join(root, "out", "metrics.json"));
    const metrics = JSON.parse(await readFile(join(root, "out", "metrics.json"), "utf8"));
    expect(metrics.runId).toBe(report.runId);
  });

  it("replaces a session's JSON outputs atomically instead of writing through the old file", async () => {
    const root = await mkdtemp(join(tmpdir(), "tracemill-screen-pipeline-"));
    temporary.push(root);
    await buildExampleScreenSessions(join(root, "data"), { videos: false });
    // The previous output is also linked from elsewhere (a backup): it must keep its bytes.
    const outDir = join(root, "out", exampleDesktopSessionId);
    await mkdir(outDir, { recursive: true });
    await writeFile(join(root, "backup.json"), "previous\n");
    await link(join(root, "backup.json"), join(outDir, "trace.json"));
    const config = { ...defaultConfig(), runsDir: join(root, "runs"), cacheDir: join(root, "c") };
    const options = resolveProcessOptions(
      {
        format: "desktop",
        data: join(root, "data", "desktop"),
        out: join(root, "out"),
        sessions: exampleDesktopSessionId,
      },
      root,
    );
    const report = await runScreenPipeline(options, {
      config,
      redactor: createRedactor(config.redaction),
    });
    expect(report.counts.written).toBe(1);
    expect(await readFile(join(root, "backup.json"), "utf8")).toBe("previous\n");
    expect(JSON.parse(await readFile(join(outDir, "trace.json"), "utf8")).schema).toBe(
      "tracemill.trace/v1",
    );
  });
});
