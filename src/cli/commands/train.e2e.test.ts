import { access, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Config, configSchema } from "../../core/config.js";
import { startScriptedOpenAIServer } from "../../model/scripted-server.js";
import { readEpisodeFile } from "../../sources/robot/episode.js";
import { captureOutput, testProgram } from "../../test-support/capture-output.js";
import { readLossRecords } from "../../train/losses-file.js";
import { renderCorrectAndTrain, renderTrainResult } from "../../train/render-training.js";
import { runEvaluatePipeline } from "../../train/train-pipeline.js";
import {
  type CorrectAndTrainFlags,
  runCorrectAndTrain,
  runTrainBc,
  trainConfigFromFlags,
} from "./train.js";
import { registerTrainCommands } from "./train-command.js";

// Real samples copied into the repository (test/fixtures/samples/README.md).
const samples = fileURLToPath(
  new URL("../../../test/fixtures/samples/robot/trajectory_data", import.meta.url),
);
const files = [
  join(samples, "trajectory_ckpt_53_episode_0.json"),
  join(samples, "trajectory_ckpt_0_episode_4.json"),
];
const quick = {
  iterations: "30",
  batchSize: "32",
  hiddenDim: "16",
  checkpointFreq: "10",
  lr: "3e-3",
};
let workspace: string;
let config: Config;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "tracemill-train-cli-"));
  config = configSchema.parse({
    runsDir: join(workspace, "runs"),
    cacheDir: join(workspace, "cache"),
    logLevel: "silent",
  });
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe("correct-and-train on the shared samples", () => {
  const correctedDir = () => join(workspace, "corrected");
  const flags = (extra: Partial<CorrectAndTrainFlags> = {}): CorrectAndTrainFlags => ({
    episodes: files,
    includeFailed: true,
    correctedDir: correctedDir(),
    out: join(workspace, "bc"),
    ...quick,
    ...extra,
  });

  it("offline: writes corrected episodes, sidecars, checkpoints and a loss plot", async () => {
    const phases = new Set<string>();
    const result = await runCorrectAndTrain(flags(), {
      config,
      onProgress: (event) => phases.add(event.phase),
    });
    expect(result.correction).toMatchObject({ processed: 2, failed: 0, segments: 1 });
    expect(result.correction?.judge.offline).toBe(true);
    expect(result.trainedOn).toMatchObject({ episodes: 2, source: "corrected" });
    for (const episode of [0, 4]) {
      expect(await exists(join(correctedDir(), "loose", `trajectory_0_${episode}.json`))).toBe(
        true,
      );
      expect(
        await exists(join(correctedDir(), "loose", `trajectory_0_${episode}.corrections.json`)),
      ).toBe(true);
    }
    expect(result.training?.checkpoints.map((dir) => dir.split("/").at(-1))).toEqual([
      "step_10",
      "step_20",
      "step_30",
    ]);
    expect(await exists(join(workspace, "bc", "loss.png"))).toBe(true);
    expect([...phases]).toEqual(["correct", "train"]);
    expect(renderCorrectAndTrain(result)).toMatch(/offline baseline, no model ran/);
  });

  it("a second run skips already corrected episodes and resumes training at its last checkpoint", async () => {
    const result = await runCorrectAndTrain(flags({ iterations: "40" }), { config });
    expect(result.correction).toMatchObject({ processed: 0, skipped: 2 });
    expect(result.training?.resumedFrom).toBe(30);
    expect(result.training?.checkpoints.map((dir) => dir.split("/").at(-1))).toEqual(["step_40"]);
  });

  it("--use-existing-corrected trains on the corrected folder without correcting", async () => {
    const result = await runCorrectAndTrain(
      {
        ...flags({ out: join(workspace, "bc-existing") }),
        episodes: undefined,
        useExistingCorrected: true,
      },
      { config },
    );
    expect(result.correction).toBeUndefined();
    expect(result.trainedOn).toMatchObject({ episodes: 2, source: "corrected" });
  });

  it("--skip-correction trains on the episodes as recorded; --skip-training only corrects", async () => {
    const recorded = await runCorrectAndTrain(
      flags({
        out: join(workspace, "bc-recorded"),
        correctedDir: join(workspace, "unused"),
        skipCorrection: true,
      }),
      { config },
    );
    expect(recorded.correction).toBeUndefined();
    expect(recorded.trainedOn.source).toBe("recorded");
    expect(await exists(join(workspace, "unused"))).toBe(false);
    const correctOnly = await runCorrectAndTrain(
      flags({
        out: join(workspace, "bc-none"),
        correctedDir: join(workspace, "c2"),
        skipTraining: true,
      }),
      { config },
    );
    expect(correctOnly.training).toBeUndefined();
    expect(correctOnly.correction?.processed).toBe(2);
    expect(await exists(join(workspace, "bc-none", "checkpoints"))).toBe(false);
  });

  it("with a scripted vision model over HTTP: trains on the model's corrected actions", async () => {
    const segment = Array.from({ length: 23 }, (_, offset) => 51 + offset);
    const server = await startScriptedOpenAIServer({
      answers: [
        {
          match: { schemaName: "robot_correct" },
          value: { corrections: segment.map((index) => ({ index, action: [0, 0.5] })) },
        },
      ],
    });
    try {
      const modelConfig = configSchema.parse({
        ...config,
        model: {
          provider: "openai:gpt-4o-mini",
          baseUrl: server.url,
          apiKey: "test",
          cache: false,
        },
      });
      const dir = join(workspace, "corrected-model");
      const result = await runCorrectAndTrain(
        flags({ correctedDir: dir, out: join(workspace, "bc-model"), images: false }),
        { config: modelConfig },
      );
      expect(result.correction?.judge).toEqual({ name: "openai:gpt-4o-mini", offline: false });
      expect(
        server.requests.filter((request) => request.path === "/v1/chat/completions"),
      ).toHaveLength(1);
      const corrected = await readEpisodeFile(join(dir, "loose", "trajectory_0_0.json"), {
        session: "loose",
        episode: 0,
      });
      for (const index of segment) expect(corrected.steps[index]?.action).toEqual([0, 0.5]);
      expect(result.training?.lastCheckpoint.endsWith("step_30")).toBe(true);
      const metrics = JSON.parse(
        await readFile(join(config.runsDir, result.runId, "metrics.json"), "utf8"),
      ) as { counts: Record<string, number> };
      expect(metrics.counts).toMatchObject({
        "correct.requests_needed": 1,
        "correct.requests_sent": 1,
        "correct.in": 2,
        "train.in": 2,
      });
    } finally {
      await server.close();
    }
  });
});

describe("train-bc", () => {
  it("trains on a corrected folder, exports LeRobot, and evaluates on the held-out split", async () => {
    const out = join(workspace, "bc-data");
    const result = await runTrainBc(
      {
        data: join(workspace, "corrected"),
        out,
        ...quick,
        export: ["lerobot", join(workspace, "lerobot")],
        robotType: "metadrive",
      },
      { config },
    );
    expect(result.read).toMatchObject({ episodes: 2, source: "corrected" });
    expect(result.lerobot).toMatchObject({ episodes: 2, frames: 178 });
    const info = JSON.parse(
      await readFile(join(workspace, "lerobot", "meta", "info.json"), "utf8"),
    );
    expect(info.robot_type).toBe("metadrive");
    expect((await readLossRecords(join(out, "losses.jsonl"))).length).toBeGreaterThan(0);
    expect(renderTrainResult(result)).toMatch(/1 train \/ 1 validation episodes/);

    const evaluated = await runEvaluatePipeline(result.training.lastCheckpoint, {
      data: join(workspace, "corrected"),
    });
    expect(evaluated.heldOut).toBe("validation-split");
    expect(evaluated.evaluation.episodes).toBe(1);
  });

  it("refuses bad flags with the flag's name", () => {
    expect(() => trainConfigFromFlags({ out: "x", lr: "-1" })).toThrow(
      /--lr must be a positive number/,
    );
    expect(() => trainConfigFromFlags({ out: "x", iterations: "1.5" })).toThrow(/--iterations/);
    expect(trainConfigFromFlags({ out: "x", wJac: "0.5" })).toMatchObject({
      wJac: 0.5,
      iterations: 1000,
    });
  });

  it("refuses an --export that is not lerobot <folder>", async () => {
    await expect(
      runTrainBc(
        { episodes: files, includeFailed: true, out: join(workspace, "x"), export: ["csv", "y"] },
        { config },
      ),
    ).rejects.toThrow(/--export takes "lerobot <folder>"/);
  });
});

describe("the registered commands", () => {
  it("parse the training flags and print JSON", async () => {
    const out = join(workspace, "bc-cli");
    const output = captureOutput();
    try {
      await testProgram(registerTrainCommands).parseAsync([
        "node",
        "tracemill",
        "--json",
        "--runs-dir",
        join(workspace, "runs"),
        "train-bc",
        "--episodes",
        ...files,
        "--include-failed",
        "--out",
        out,
        "--iterations",
        "6",
        "--checkpoint-freq",
        "3",
        "--hidden-dim",
        "8",
        "--num-layers",
        "1",
        "--batch-size",
        "16",
        "--w-jac",
        "0.01",
        "--seed",
        "7",
      ]);
    } finally {
      output.restore();
    }
    const result = JSON.parse(output.stdout()) as {
      training: {
        config: Record<string, number>;
        checkpoints: string[];
        lastTrain: { jac: number };
      };
    };
    expect(result.training.config).toMatchObject({
      iterations: 6,
      checkpointFreq: 3,
      hiddenDim: 8,
      numLayers: 1,
      batchSize: 16,
      wJac: 0.01,
      seed: 7,
    });
    expect(result.training.checkpoints).toHaveLength(2);
    // The Jacobian term is computed once its weight is above 0.
    expect(result.training.lastTrain.jac).toBeGreaterThan(0);
  });
});
