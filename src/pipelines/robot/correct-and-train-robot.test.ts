import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Config, configSchema } from "../../core/config.js";
import { createRedactor } from "../../model/redact.js";
import { countsProblem } from "../types.js";
import { correctAndTrainRobot } from "./index.js";

const sample = fileURLToPath(
  new URL(
    "../../../test/fixtures/samples/robot/trajectory_data/trajectory_ckpt_53_episode_0.json",
    import.meta.url,
  ),
);
let workspace: string;
let config: Config;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "tracemill-correct-and-train-"));
  config = configSchema.parse({
    runsDir: join(workspace, "runs"),
    cacheDir: join(workspace, "cache"),
    logLevel: "silent",
  });
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
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
        out: join(workspace, "bc"),
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
      outputs: [join(workspace, "corrected"), join(workspace, "bc")],
    });
    expect(countsProblem(report.counts)).toBeUndefined();
    expect(report.runId).toBe(report.detail.runId);
    expect(report.detail.trainedOn).toMatchObject({ episodes: 1, source: "corrected" });
    expect([...phases]).toEqual(["correct", "train"]);
  });
});
