import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Episode, readEpisodeFile } from "../sources/robot/episode.js";
import { exportLeRobot } from "./lerobot-export.js";

// Real samples copied into the repository (test/fixtures/samples/README.md).
const samples = fileURLToPath(
  new URL("../../test/fixtures/samples/robot/trajectory_data", import.meta.url),
);
let workspace: string;
let episodes: Episode[];

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "tracemill-lerobot-"));
  episodes = [
    await readEpisodeFile(join(samples, "trajectory_ckpt_53_episode_0.json"), {
      session: "loose",
      episode: 0,
    }),
    await readEpisodeFile(join(samples, "trajectory_ckpt_0_episode_4.json"), {
      session: "loose",
      episode: 4,
    }),
  ];
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

async function readParquet(path: string) {
  const bytes = await readFile(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return { metadata: parquetMetadata(file), rows: await parquetReadObjects({ file }) };
}

describe("exportLeRobot", () => {
  it("writes one parquet per episode that reads back with the same values", async () => {
    const out = join(workspace, "dataset");
    const result = await exportLeRobot(episodes, out, { fps: 10, robotType: "metadrive" });
    expect(result).toMatchObject({ episodes: 2, frames: 74 + 104, tasks: 1 });

    const first = await readParquet(join(out, "data/chunk-000/episode_000000.parquet"));
    expect(first.rows).toHaveLength(74);
    expect(Object.keys(first.rows[0] ?? {}).sort()).toEqual(
      [
        "action",
        "episode_index",
        "frame_index",
        "index",
        "intervention",
        "next.done",
        "observation.state",
        "task_index",
        "timestamp",
      ].sort(),
    );
    const row = first.rows[51] as Record<string, unknown>;
    const step = episodes[0]?.steps[51];
    expect((row["observation.state"] as number[]).length).toBe(259);
    expect(row["observation.state"] as number[]).toEqual(
      Array.from(Float32Array.from(step?.observation ?? [])),
    );
    expect(row.action as number[]).toEqual(Array.from(Float32Array.from(step?.action ?? [])));
    expect(row.intervention).toBe(true);
    expect(Number(row.frame_index)).toBe(51);
    expect(row.timestamp).toBeCloseTo(5.1, 5);
    expect(
      first.rows.map((r) => (r as Record<string, unknown>)["next.done"]).filter(Boolean),
    ).toHaveLength(1);

    const second = await readParquet(join(out, "data/chunk-000/episode_000001.parquet"));
    expect(second.rows).toHaveLength(104);
    // index continues across episodes
    expect(Number((second.rows[0] as Record<string, unknown>).index)).toBe(74);
    expect(Number((second.rows[0] as Record<string, unknown>).episode_index)).toBe(1);
  });

  it("writes info.json totals, features, episodes, tasks and stats", async () => {
    const out = join(workspace, "dataset");
    const info = JSON.parse(await readFile(join(out, "meta/info.json"), "utf8"));
    expect(info).toMatchObject({
      codebase_version: "v2.1",
      robot_type: "metadrive",
      fps: 10,
      total_episodes: 2,
      total_frames: 178,
      total_tasks: 1,
      splits: { train: "0:2" },
      data_path: "data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet",
    });
    expect(info.features["observation.state"]).toEqual({
      dtype: "float32",
      shape: [259],
      names: null,
    });
    expect(info.features.action.shape).toEqual([2]);
    expect(info.features.weight).toBeUndefined();
    const episodesLines = (await readFile(join(out, "meta/episodes.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(episodesLines.map((line) => line.length)).toEqual([74, 104]);
    const stats = JSON.parse(await readFile(join(out, "meta/stats.json"), "utf8"));
    const actions = episodes.flatMap((episode) =>
      episode.steps.map((step) => step.action[0] as number),
    );
    expect(stats.action.min[0]).toBeCloseTo(Math.min(...actions), 5);
    expect(stats.action.max[0]).toBeCloseTo(Math.max(...actions), 5);
    expect(stats.action.mean[0]).toBeCloseTo(
      actions.reduce((a, b) => a + b, 0) / actions.length,
      5,
    );
    expect(stats["observation.state"].std).toHaveLength(259);
    expect(stats.index.count).toEqual([178]);
  });

  it("adds a weight column when steps carry weights or include flags", async () => {
    const weighted: Episode = {
      ...(episodes[0] as Episode),
      steps: (episodes[0] as Episode).steps.map((step, index) => ({
        ...step,
        ...(index === 3
          ? { weightOrInclude: -0.5 }
          : index === 4
            ? { weightOrInclude: false }
            : {}),
      })),
    };
    const out = join(workspace, "weighted");
    await exportLeRobot([weighted], out, {});
    const { rows } = await readParquet(join(out, "data/chunk-000/episode_000000.parquet"));
    expect(rows.slice(2, 6).map((row) => (row as Record<string, unknown>).weight)).toEqual([
      1, -0.5, 0, 1,
    ]);
    const info = JSON.parse(await readFile(join(out, "meta/info.json"), "utf8"));
    expect(info.features.weight).toEqual({ dtype: "float32", shape: [1], names: null });
  });

  it("refuses episodes of different dimensions, naming the file", async () => {
    const odd: Episode = {
      ...(episodes[1] as Episode),
      path: "odd.json",
      steps: [{ index: 0, observation: [1, 2], action: [0, 0], intervention: false }],
    };
    await expect(
      exportLeRobot([episodes[0] as Episode, odd], join(workspace, "odd")),
    ).rejects.toThrow(/odd.json: step 0/);
  });
});
