import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTrainingWorkspace,
  sampleEpisode as sample,
  type TrainingWorkspace,
} from "../../pipelines/robot/__fixtures__/training-workspace.js";
import { renderTrainResult } from "../../train/render-training.js";
import { runTrainBc } from "./train.js";

/** Issue 13: train-bc's summary and metrics.json account for every episode given. */
let workspace: TrainingWorkspace;

beforeAll(async () => {
  workspace = await createTrainingWorkspace("tracemill-train-tally-");
});
afterAll(async () => {
  await workspace.remove();
});

describe("train-bc tally", () => {
  it("counts episodes trained on, left out when read and without steps", async () => {
    const { config } = workspace;
    const empty = await workspace.emptyEpisode();
    const broken = await workspace.brokenEpisode();
    const result = await runTrainBc(
      {
        episodes: [sample, empty, broken],
        includeFailed: true,
        out: join(workspace.dir, "bc"),
        iterations: "4",
        batchSize: "16",
        hiddenDim: "8",
        checkpointFreq: "4",
      },
      { config },
    );
    expect(result.tally).toEqual({
      in: 3,
      written: 1,
      quarantined: 0,
      skipped: { left_out: 1, no_steps: 1 },
    });
    expect(renderTrainResult(result)).toContain(
      "episodes:    3 in = 1 written + 0 quarantined + 2 skipped (left_out 1, no_steps 1)",
    );
    const metrics = JSON.parse(
      await readFile(join(config.runsDir, result.runId, "metrics.json"), "utf8"),
    ) as { counts: Record<string, number> };
    expect(metrics.counts).toMatchObject({
      in: 3,
      written: 1,
      skipped: 2,
      "skipped.left_out": 1,
      "skipped.no_steps": 1,
    });
  }, 180_000);
});
