import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256File } from "../core/hash.js";
import { judgeRobotEpisodeOffline } from "../grade/robot-offline-judge.js";
import { type Episode, readEpisodeFile } from "../sources/robot/episode.js";
import { episodeToTrace } from "../sources/robot/episode-to-trace.js";
import { plantedSecrets } from "../test-support/planted-secrets.js";
import type { ExportReceipt } from "./receipt.js";
import { runLeRobotExport } from "./run-lerobot-export.js";
import { defaultExportOptions, type QuarantineRecord } from "./types.js";
import { writeLeRobotDataset } from "./writers/lerobot-writer.js";

// Real samples copied into the repository (test/fixtures/samples/README.md).
const samples = fileURLToPath(
  new URL("../../test/fixtures/samples/robot/trajectory_data", import.meta.url),
);
let workspace: string;
let from: string;
let episodes: Episode[];
let secret: string;
// Both real samples are failed runs (the car left the road): the grade gate calls them partially
// accepted, so these tests of provenance, shape and privacy admit partial episodes on purpose
// (the gate itself is tested in run-lerobot-gate.test.ts).
const options = { ...defaultExportOptions, includePartial: true };

async function readParquet(path: string) {
  const bytes = await readFile(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return (await parquetReadObjects({ file })) as Record<string, unknown>[];
}

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "tracemill-lerobot-export-"));
  from = join(workspace, "study");
  await mkdir(join(from, "episodes"), { recursive: true });
  const good = ["trajectory_ckpt_53_episode_0.json", "trajectory_ckpt_0_episode_4.json"];
  for (const name of good) await copyFile(join(samples, name), join(from, "episodes", name));
  const sample = JSON.parse(await readFile(join(samples, good[0] as string), "utf8"));
  // An episode whose actions have one value too many, and one whose task holds a secret.
  const odd = {
    ...sample,
    trajectory: sample.trajectory.map((record: unknown[]) => [
      record[0],
      [...(record[1] as number[]), 0],
      ...record.slice(2),
    ]),
  };
  await writeFile(join(from, "episodes", "odd.json"), JSON.stringify(odd));
  secret = (await plantedSecrets())[0]?.value ?? "";
  await writeFile(
    join(from, "episodes", "leaky.json"),
    JSON.stringify({ ...sample, task: `drive to the depot, key ${secret}` }),
  );
  const read = (name: string, episode: number) =>
    readEpisodeFile(join(from, "episodes", name), { session: "loose", episode });
  episodes = [
    await read(good[0] as string, 0),
    await read("odd.json", 1),
    await read(good[1] as string, 4),
    await read("leaky.json", 5),
  ];
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe("runLeRobotExport", () => {
  it("follows a robot episode from its file to a LeRobot row with provenance, and quarantines the bad ones with reasons", async () => {
    const out = join(workspace, "exports");
    const summary = await runLeRobotExport({
      episodes,
      from,
      out,
      toolVersion: "test",
      dataset: { fps: 10, robotType: "metadrive" },
      options,
    });
    expect(summary.counts).toMatchObject({ in: 4, out: 2, written: 2, quarantined: 2 });
    expect(summary.receipt?.validation.passed).toBe(true);

    // The episode's file → its Trace (kind robot) → provenance naming the file by its bytes' hash.
    const provenance = (await readFile(join(out, "lerobot/meta/provenance.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(provenance).toHaveLength(2);
    const file = "episodes/trajectory_ckpt_0_episode_4.json";
    const digest = await sha256File(join(from, file));
    const trace = episodeToTrace(episodes[2] as Episode, {
      hz: 10,
      files: [{ path: file, ...digest }],
    });
    expect(trace.kind).toBe("robot");
    expect(provenance[1]).toEqual({
      episode_index: 1,
      provenance: {
        traceId: trace.id,
        stepRange: [0, trace.steps.length - 1],
        sourceFile: { path: file, sha256: digest.sha256 },
        gradeId: judgeRobotEpisodeOffline(trace).id,
      },
    });
    // …and the dataset row of that episode holds its steps.
    const rows = await readParquet(join(out, "lerobot/data/chunk-000/episode_000001.parquet"));
    const step = episodes[2]?.steps[10];
    expect(rows).toHaveLength(episodes[2]?.steps.length ?? -1);
    expect(Number(rows[10]?.episode_index)).toBe(1);
    expect(rows[10]?.action).toEqual(Array.from(Float32Array.from(step?.action ?? [])));

    const quarantine = (await readFile(join(out, "quarantine/lerobot.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as QuarantineRecord);
    expect(quarantine.map((record) => [record.origin.file, record.reasons])).toEqual([
      ["episodes/odd.json", ["schema_violation"]],
      ["episodes/leaky.json", ["pii_detected"]],
    ]);
    expect(quarantine[0]?.errors[0]).toContain("expected 259/2");
    expect(quarantine[0]?.provenance?.sourceFile.path).toBe("episodes/odd.json");
    expect(JSON.stringify(quarantine)).not.toContain(secret);

    const receipt = JSON.parse(
      await readFile(join(out, "lerobot/receipt.json"), "utf8"),
    ) as ExportReceipt;
    expect(receipt).toMatchObject({
      exporter: "lerobot",
      format: "lerobot",
      counts: summary.counts,
    });
    expect(receipt.inputs.map((input) => input.path)).toEqual([
      "episodes/leaky.json",
      "episodes/odd.json",
      "episodes/trajectory_ckpt_0_episode_4.json",
      "episodes/trajectory_ckpt_53_episode_0.json",
    ]);
    expect(receipt.outputs.map((output) => output.path)).toContain(
      "lerobot/data/chunk-000/episode_000001.parquet",
    );
    expect(receipt.outputs.map((output) => output.path)).toContain("quarantine/lerobot.jsonl");
    expect(JSON.stringify(receipt)).not.toContain(secret);
  });

  it("writes the same dataset bytes as the writer `tracemill train --lerobot` uses", async () => {
    const out = join(workspace, "same");
    await runLeRobotExport({ episodes, from, out, toolVersion: "test", options });
    const direct = join(workspace, "direct");
    await writeLeRobotDataset([episodes[0] as Episode, episodes[2] as Episode], direct);
    for (const file of [
      "data/chunk-000/episode_000000.parquet",
      "data/chunk-000/episode_000001.parquet",
      "meta/info.json",
      "meta/episodes.jsonl",
      "meta/stats.json",
    ]) {
      expect(await readFile(join(out, "lerobot", file))).toEqual(
        await readFile(join(direct, file)),
      );
    }
  });
});
