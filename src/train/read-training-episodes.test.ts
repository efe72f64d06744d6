import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  readCorrectedCopies,
  readCorrectedFolder,
  readTrainingEpisodes,
} from "./read-training-episodes.js";

const study = fileURLToPath(new URL("../../examples/robot/study", import.meta.url));
let workspace: string;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "tracemill-train-read-"));
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe("readTrainingEpisodes", () => {
  it("reads a study with its skip rules, each left-out episode with a reason", async () => {
    const read = await readTrainingEpisodes({ data: study });
    expect(read.source).toBe("study");
    expect(read.episodes.length).toBeGreaterThan(0);
    expect(read.leftOut.length).toBeGreaterThan(0);
    expect(read.leftOut.every((item) => item.reason.length > 0)).toBe(true);
    const withFailed = await readTrainingEpisodes({ data: study, includeFailed: true });
    expect(withFailed.episodes.length).toBeGreaterThan(read.episodes.length);
  });

  it("reads a corrected folder by session, ignoring sidecars, and reports unreadable files", async () => {
    const corrected = join(workspace, "corrected");
    const session = "010120260930";
    await cp(join(study, `trajectory_data_${session}`), join(corrected, session), {
      recursive: true,
    });
    await writeFile(join(corrected, session, "trajectory_0_0.corrections.json"), "{}");
    await writeFile(join(corrected, session, "trajectory_0_9.json"), "{ not json");
    const read = await readCorrectedFolder(corrected);
    expect(read.episodes.map((episode) => episode.session)).toEqual(
      read.episodes.map(() => session),
    );
    expect(read.episodes.map((episode) => episode.episode)).not.toContain(9);
    expect(read.leftOut).toHaveLength(1);
    expect(read.leftOut[0]?.what).toMatch(/trajectory_0_9.json$/);

    const missing = await readCorrectedCopies(join(workspace, "nothing-here"), read.episodes);
    expect(missing.episodes).toHaveLength(0);
    expect(missing.leftOut[0]?.reason).toMatch(/no corrected copy/);
  });

  it("asks for exactly one source", async () => {
    await expect(readTrainingEpisodes({})).rejects.toThrow(/--data <folder> or --episodes/);
    await expect(readTrainingEpisodes({ data: join(workspace, "empty-missing") })).rejects.toThrow(
      /no such folder/,
    );
  });
});
