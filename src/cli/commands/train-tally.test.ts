import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Config, configSchema } from "../../core/config.js";
import { renderTrainResult } from "../../train/render-training.js";
import { runTrainBc } from "./train.js";

/** Issue 13: train-bc's summary and metrics.json account for every episode given. */
const sample = fileURLToPath(
  new URL(
    "../../../test/fixtures/samples/robot/trajectory_data/trajectory_ckpt_53_episode_0.json",
    import.meta.url,
  ),
);
let workspace: string;
let config: Config;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "tracemill-train-tally-"));
  config = configSchema.parse({
    runsDir: join(workspace, "runs"),
    cacheDir: join(workspace, "cache"),
    logLevel: "silent",
  });
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe("train-bc tally", () => {
  it("counts episodes trained on, left out when read and without steps", async () => {
    const episode = JSON.parse(await readFile(sample, "utf8")) as Record<string, unknown>;
    const empty = join(workspace, "trajectory_empty_episode_1.json");
    await writeFile(empty, JSON.stringify({ ...episode, trajectory: [] }));
    const broken = join(workspace, "trajectory_broken_episode_2.json");
    await writeFile(broken, "{ not json");
    const result = await runTrainBc(
      {
        episodes: [sample, empty, broken],
        includeFailed: true,
        out: join(workspace, "bc"),
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
