import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedactor } from "../../model/redact.js";
import { countsProblem } from "../types.js";
import {
  createTrainingWorkspace,
  sampleEpisode as sample,
  type TrainingWorkspace,
  tinyTraining,
} from "./__fixtures__/training-workspace.js";
import { correctAndTrainRobot, evaluateRobotPolicy, trainRobotPolicy } from "./index.js";

let workspace: TrainingWorkspace;

beforeAll(async () => {
  workspace = await createTrainingWorkspace("tracemill-train-pipeline-");
});
afterAll(async () => {
  await workspace.remove();
});

describe("trainRobotPolicy (behaviour cloning, one shape)", () => {
  it("trains on the usable episode, skips the unreadable one, and reports progress in iterations", async () => {
    const { config } = workspace;
    const broken = await workspace.brokenEpisode();
    const phases = new Set<string>();
    let last: [number, number | undefined] = [0, 0];
    const report = await trainRobotPolicy(
      {
        source: { episodes: [sample, broken], includeFailed: true },
        out: join(workspace.dir, "bc"),
        train: tinyTraining,
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
      outputs: [join(workspace.dir, "bc")],
    });
    expect(countsProblem(report.counts)).toBeUndefined();
    expect(report.runId).toBe(report.detail.runId);
    expect([...phases]).toEqual(["train"]);
    expect(last).toEqual([4, 4]);

    // `train-bc --evaluate`: the checkpoint scored on the same files, in the one shape.
    const evaluated = await evaluateRobotPolicy(
      {
        checkpoint: report.detail.training.lastCheckpoint,
        source: { episodes: [sample, broken], includeFailed: true },
      },
      { config, redactor: createRedactor(config.redaction) },
    );
    expect(evaluated).toMatchObject({
      kind: "training",
      status: "completed",
      runId: undefined,
      counts: { in: 2, written: 1, quarantined: 0, skipped: 1, skippedByReason: { left_out: 1 } },
      outputs: [],
      detail: { heldOut: "all-given", read: { episodes: 1, scored: 1 } },
    });
    expect(countsProblem(evaluated.counts)).toBeUndefined();
    expect(evaluated.detail.evaluation.samples).toBeGreaterThan(0);
    expect(Number.isFinite(evaluated.detail.evaluation.rmse)).toBe(true);
    expect(evaluated.warnings[0]).toContain("trajectory_broken_episode_2.json");
  });
});

describe("correctAndTrainRobot (correct then train in one run, one shape)", () => {
  it("corrects offline, trains on the corrected copy, counts the unreadable file as left out", async () => {
    const { config } = workspace;
    const broken = await workspace.brokenEpisode();
    const phases = new Set<string>();
    const report = await correctAndTrainRobot(
      {
        input: { episodes: [sample, broken], includeFailed: true },
        correctedDir: join(workspace.dir, "corrected"),
        correction: {},
        out: join(workspace.dir, "bc-corrected"),
        train: tinyTraining,
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
      outputs: [join(workspace.dir, "corrected"), join(workspace.dir, "bc-corrected")],
    });
    expect(countsProblem(report.counts)).toBeUndefined();
    expect(report.runId).toBe(report.detail.runId);
    expect(report.detail.trainedOn).toMatchObject({ episodes: 1, source: "corrected" });
    expect([...phases]).toEqual(["correct", "train"]);
  });
});
