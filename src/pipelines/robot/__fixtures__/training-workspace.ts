import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Config, configSchema } from "../../../core/config.js";

/**
 * The set-up the robot training tests share: a temporary folder with its own runs and cache
 * folders, a real recorded episode to train on, and the unreadable and empty episode files the
 * counting tests feed beside it. Training settings small enough for a unit test.
 */
export const sampleEpisode = fileURLToPath(
  new URL(
    "../../../../test/fixtures/samples/robot/trajectory_data/trajectory_ckpt_53_episode_0.json",
    import.meta.url,
  ),
);

export const tinyTraining = { iterations: 4, batchSize: 16, hiddenDim: 8, checkpointFreq: 4 };

export interface TrainingWorkspace {
  dir: string;
  config: Config;
  /** A file named like an episode that is not JSON (read → left out). */
  brokenEpisode(): Promise<string>;
  /** The sample episode with no steps (read, then skipped as no_steps). */
  emptyEpisode(): Promise<string>;
  remove(): Promise<void>;
}

export async function createTrainingWorkspace(prefix: string): Promise<TrainingWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const config = configSchema.parse({
    runsDir: join(dir, "runs"),
    cacheDir: join(dir, "cache"),
    logLevel: "silent",
  });
  return {
    dir,
    config,
    async brokenEpisode() {
      const path = join(dir, "trajectory_broken_episode_2.json");
      await writeFile(path, "{ not json");
      return path;
    },
    async emptyEpisode() {
      const episode = JSON.parse(await readFile(sampleEpisode, "utf8")) as Record<string, unknown>;
      const path = join(dir, "trajectory_empty_episode_1.json");
      await writeFile(path, JSON.stringify({ ...episode, trajectory: [] }));
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
