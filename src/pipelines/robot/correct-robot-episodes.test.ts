import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/config.js";
import { createRedactor } from "../../model/redact.js";
import { countsProblem } from "../types.js";
import { correctRobotEpisodes } from "./index.js";

const study = fileURLToPath(new URL("../../../examples/robot/study", import.meta.url));

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});

describe("correctRobotEpisodes (the robot pipeline, one shape)", () => {
  it("corrects the example study offline and reports in = written + quarantined + skipped", async () => {
    const root = await mkdtemp(join(tmpdir(), "tracemill-robot-pipeline-"));
    temporary.push(root);
    const config = { ...defaultConfig(), runsDir: join(root, "runs") };
    const progress: [string, number, number | undefined, string | undefined][] = [];
    const report = await correctRobotEpisodes(
      {
        source: { study },
        correctedDir: join(root, "corrected"),
        correction: { strategy: "weight" },
      },
      {
        config,
        redactor: createRedactor(config.redaction),
        onProgress: (phase, done, total, detail) => progress.push([phase, done, total, detail]),
      },
    );
    expect(report).toMatchObject({
      kind: "robot",
      status: "completed",
      counts: { in: 7, written: 2, quarantined: 0, skipped: 5, skippedByReason: { left_out: 5 } },
      outputs: [join(root, "corrected")],
    });
    expect(countsProblem(report.counts)).toBeUndefined();
    expect(report.runId).toBe(report.detail.runId);
    expect(report.detail.summary.judge.offline).toBe(true);
    expect(progress.map(([phase, done, total]) => [phase, done, total])).toEqual([
      ["correct", 1, 2],
      ["correct", 2, 2],
    ]);
    expect(progress[0]?.[3]).toMatch(/^010120260930\/[01] corrected$/);
    expect(await readdir(join(root, "runs", report.runId ?? ""))).toContain("metrics.json");
  });

  it("a dry run writes nothing and records no run", async () => {
    const root = await mkdtemp(join(tmpdir(), "tracemill-robot-pipeline-"));
    temporary.push(root);
    const config = { ...defaultConfig(), runsDir: join(root, "runs") };
    const report = await correctRobotEpisodes(
      { source: { study }, correctedDir: join(root, "corrected"), correction: {}, dryRun: true },
      { config, redactor: createRedactor(config.redaction) },
    );
    expect(report.status).toBe("dry-run");
    expect(report.runId).toBeUndefined();
    expect(report.outputs).toEqual([]);
    expect(report.detail.summary.requests.length).toBeGreaterThan(0);
    await expect(readdir(join(root, "runs"))).rejects.toThrow(/ENOENT/);
  });
});
