import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Config, configSchema } from "../../core/config.js";
import { createRedactor } from "../../model/redact.js";
import { countsProblem } from "../types.js";
import { correctAndTrainRobot, trainRobotPolicy } from "./index.js";

const sample = fileURLToPath(
  new URL(
    "../../../test/fixtures/samples/robot/trajectory_data/trajectory_ckpt_53_episode_0.json",
    import.meta.url,
  ),
);
let workspace: string;
let config: Config;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "tracemill-train-pipeline-"));
  config = configSchema.parse({
    runsDir: join(workspace, "runs"),
    cacheDir: join(workspace, "cache"),
    logLevel: "silent",
  });
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe("trainRobotPolicy (behaviour cloning, one shape)", () => {
  it("trains on the usable episode, skips the unreadable one, and reports progress in iterations", async () => {
    const broken = join(workspace, "trajectory_broken_episode_2.json");
    await writeFile(broken, "{ not json");
    const phases = new Set<string>();
    let last: [number, number | undefined] = [0, 0];
    const report = await trainRobotPolicy(
      {
        source: { episodes: [sample, broken], includeFailed: true },
        out: join(workspace, "bc"),
        train: { iterations: 4, batchSize: 16, hiddenDim: 8, checkpointFreq: 4 },
      },
      {
        config,
        redactor: createRedactor(config.redaction),
        onProgress: (phase, done, total) => {
          phases.add(phase);
          last = [done, total];
        },
      },
    );
    expect(report).toMatchObject({
      kind: "training",
      status: "completed",
      counts: { in: 2, written: 1, quarantined: 0, skipped: 1, skippedByReason: { left_out: 1 } },
      outputs: [join(workspace, "bc")],
    });
    expect(countsProblem(report.counts)).toBeUndefined();
    expect(report.runId).toBe(report.detail.runId);
    expect([...phases]).toEqual(["train"]);
    expect(last).toEqual([4, 4]);
  });
});

describe("correctAndTrainRobot (correct then train in one run, one shape)", () => {
  it("corrects offline, trains on the corrected copy, counts the unreadable file as left out", async () => {
    const broken = join(workspace, "trajectory_broken_episode_2.json");
    await writeFile(broken, "{ not json");
    const phases = new Set<string>();
    const report = await correctAndTrainRobot(
      {
        input: { episodes: [sample, broken], includeFailed: true },
        correctedDir: join(workspace, "corrected"),
        correction: {},
        out: join(workspace, "bc-corrected"),
        train: { iterations: 4, batchSize: 16, hiddenDim: 8, checkpointFreq: 4 },
      },
      {
        config,
        redactor: createRedactor(config.redaction),
        onProgress: (phase) => phases.add(phase),
      },
    );
    expect(report).toMatchObject({
      kind: "training",
      status: "completed",
      counts: { in: 2, written: 1, quarantined: 0, skipped: 1, skippedByReason: { left_out: 1 } },
      outputs: [join(workspace, "corrected"), join(workspace, "bc-corrected")],
    });
    expect(countsProblem(report.counts)).toBeUndefined();
    expect(report.runId).toBe(report.detail.runId);
    expect(report.detail.trainedOn).toMatchObject({ episodes: 1, source: "corrected" });
    expect([...phases]).toEqual(["correct", "train"]);
  });
});
