import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SchemaElement } from "hyparquet";
import type { parquetWrite } from "hyparquet-writer";
import type { Provenance } from "../../core/dataset-row.js";
import { TracemillError } from "../../core/errors.js";
import type { Episode } from "../../sources/robot/episode.js";
import { createStats } from "./lerobot-stats.js";

/**
 * Episodes as a LeRobot v2.1 dataset, the layout robotics teams load with their usual tools:
 *   data/chunk-000/episode_000000.parquet   one row per step (observation.state and action as
 *                                           list<float32>, timestamp, frame_index, episode_index,
 *                                           index, task_index, next.done, intervention, weight*)
 *   meta/info.json                          codebase_version, fps, features, totals, splits, paths
 *   meta/episodes.jsonl  meta/tasks.jsonl   one line per episode / task
 *   meta/stats.json                         mean/std/min/max per feature over all frames
 *   meta/episodes_stats.jsonl               the same per episode (what v2.1 readers look for)
 *   meta/provenance.jsonl                   only when provenance is given (the export firewall's
 *                                           path): each episode's trace, steps and source files
 * *weight only when some step carries a 5th element (a weight, or include → 1/0). Episodes are
 * numbered in the order given; the folder is built beside `outDir` and renamed into place.
 * `tracemill train --lerobot` calls this directly; `runLeRobotExport` calls it after the checks.
 */
export interface LeRobotExportOptions {
  fps?: number;
  robotType?: string;
  /** The task text for episodes whose file has no `task` field. */
  task?: string;
  /** Names of the action dimensions, e.g. ["steering", "acceleration"]. */
  actionNames?: string[];
  /**
   * Provenance per episode (in the order given, episodes without steps included): written as
   * meta/provenance.jsonl beside the other metadata; absent, the dataset has no such file.
   */
  provenance?: Provenance[];
}

export interface LeRobotExportResult {
  outDir: string;
  episodes: number;
  frames: number;
  tasks: number;
  files: string[];
}

type ColumnSource = Parameters<typeof parquetWrite>[0]["columnData"][number];

export const leRobotCodebaseVersion = "v2.1";
const chunkSize = 1000;
const dataPath = "data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet";

interface FeatureSpec {
  dtype: "float32" | "int64" | "bool";
  shape: number[];
  names: string[] | null;
}

export async function writeLeRobotDataset(
  episodes: Episode[],
  outDir: string,
  options: LeRobotExportOptions = {},
): Promise<LeRobotExportResult> {
  const fps = options.fps ?? 10;
  const keptPositions = episodes.flatMap((episode, position) =>
    episode.steps.length > 0 ? [position] : [],
  );
  const kept = keptPositions.map((position) => episodes[position] as Episode);
  if (kept.length === 0)
    throw new TracemillError("input_invalid", "no episode with steps to export");
  const first = kept[0]?.steps[0];
  const observationDim = first?.observation.length ?? 0;
  const actionDim = first?.action.length ?? 0;
  for (const episode of kept) {
    const bad = episode.steps.find(
      (step) => step.observation.length !== observationDim || step.action.length !== actionDim,
    );
    if (bad) {
      throw new TracemillError(
        "input_invalid",
        `${episode.path}: step ${bad.index} has dimensions ${bad.observation.length}/${bad.action.length}, expected ${observationDim}/${actionDim}`,
      );
    }
  }
  const withWeight = kept.some((episode) =>
    episode.steps.some((step) => step.weightOrInclude !== undefined),
  );
  const taskOf = (episode: Episode) =>
    typeof episode.extra.task === "string" ? episode.extra.task : (options.task ?? "default");
  const tasks = [...new Set(kept.map(taskOf))];

  const { ByteWriter, parquetWrite } = await import("hyparquet-writer");
  const temporary = `${outDir}.tmp-${process.pid}`;
  await rm(temporary, { recursive: true, force: true });
  const files: string[] = [];
  const episodeLines: string[] = [];
  const episodeStatsLines: string[] = [];
  const totals = createStats();
  let index = 0;
  for (const [episodeIndex, episode] of kept.entries()) {
    const relative = `data/chunk-${String(Math.floor(episodeIndex / chunkSize)).padStart(3, "0")}/episode_${String(episodeIndex).padStart(6, "0")}.parquet`;
    const columns = episodeColumns(episode, {
      episodeIndex,
      firstIndex: index,
      taskIndex: tasks.indexOf(taskOf(episode)),
      fps,
      withWeight,
    });
    const writer = new ByteWriter();
    parquetWrite({
      writer,
      columnData: columns,
      schema: schemaFor(columns),
      createdBy: "tracemill",
    });
    await mkdir(join(temporary, relative, ".."), { recursive: true });
    await writeFile(join(temporary, relative), new Uint8Array(writer.getBuffer()));
    files.push(relative);
    const stats = createStats();
    for (const column of columns) {
      stats.add(column.name, column.data as ArrayLike<unknown>);
      totals.add(column.name, column.data as ArrayLike<unknown>);
    }
    episodeLines.push(
      JSON.stringify({
        episode_index: episodeIndex,
        tasks: [taskOf(episode)],
        length: episode.steps.length,
      }),
    );
    episodeStatsLines.push(JSON.stringify({ episode_index: episodeIndex, stats: stats.result() }));
    index += episode.steps.length;
  }

  const features: Record<string, FeatureSpec> = {
    "observation.state": { dtype: "float32", shape: [observationDim], names: null },
    action: { dtype: "float32", shape: [actionDim], names: options.actionNames ?? null },
    timestamp: { dtype: "float32", shape: [1], names: null },
    frame_index: { dtype: "int64", shape: [1], names: null },
    episode_index: { dtype: "int64", shape: [1], names: null },
    index: { dtype: "int64", shape: [1], names: null },
    task_index: { dtype: "int64", shape: [1], names: null },
    "next.done": { dtype: "bool", shape: [1], names: null },
    intervention: { dtype: "bool", shape: [1], names: null },
    ...(withWeight ? { weight: { dtype: "float32" as const, shape: [1], names: null } } : {}),
  };
  const info = {
    codebase_version: leRobotCodebaseVersion,
    robot_type: options.robotType ?? null,
    total_episodes: kept.length,
    total_frames: index,
    total_tasks: tasks.length,
    total_videos: 0,
    total_chunks: Math.ceil(kept.length / chunkSize),
    chunks_size: chunkSize,
    fps,
    splits: { train: `0:${kept.length}` },
    data_path: dataPath,
    video_path: null,
    features,
  };
  const meta = join(temporary, "meta");
  await mkdir(meta, { recursive: true });
  const jsonl = (lines: string[]) => lines.map((line) => `${line}\n`).join("");
  await writeFile(join(meta, "info.json"), `${JSON.stringify(info, null, 4)}\n`);
  await writeFile(join(meta, "episodes.jsonl"), jsonl(episodeLines));
  await writeFile(join(meta, "episodes_stats.jsonl"), jsonl(episodeStatsLines));
  await writeFile(
    join(meta, "tasks.jsonl"),
    jsonl(tasks.map((task, taskIndex) => JSON.stringify({ task_index: taskIndex, task }))),
  );
  await writeFile(join(meta, "stats.json"), `${JSON.stringify(totals.result(), null, 2)}\n`);
  files.push(
    "meta/info.json",
    "meta/episodes.jsonl",
    "meta/episodes_stats.jsonl",
    "meta/tasks.jsonl",
    "meta/stats.json",
  );
  if (options.provenance !== undefined) {
    const { provenance } = options;
    const lines = keptPositions.map((position, episodeIndex) =>
      JSON.stringify({ episode_index: episodeIndex, provenance: provenance[position] }),
    );
    await writeFile(join(meta, "provenance.jsonl"), jsonl(lines));
    files.push("meta/provenance.jsonl");
  }
  await rm(outDir, { recursive: true, force: true });
  await rename(temporary, outDir);
  return { outDir, episodes: kept.length, frames: index, tasks: tasks.length, files };
}

function episodeColumns(
  episode: Episode,
  context: {
    episodeIndex: number;
    firstIndex: number;
    taskIndex: number;
    fps: number;
    withWeight: boolean;
  },
): ColumnSource[] {
  const steps = episode.steps;
  const last = steps.length - 1;
  const int64 = (value: (position: number) => number) =>
    BigInt64Array.from(steps, (_, position) => BigInt(value(position)));
  const columns: ColumnSource[] = [
    { name: "observation.state", data: steps.map((step) => step.observation) },
    { name: "action", data: steps.map((step) => step.action) },
    { name: "timestamp", data: Float32Array.from(steps, (_, position) => position / context.fps) },
    { name: "frame_index", data: int64((position) => position) },
    { name: "episode_index", data: int64(() => context.episodeIndex) },
    { name: "index", data: int64((position) => context.firstIndex + position) },
    { name: "task_index", data: int64(() => context.taskIndex) },
    { name: "next.done", data: steps.map((_, position) => position === last) },
    { name: "intervention", data: steps.map((step) => step.intervention) },
  ];
  if (context.withWeight) {
    columns.push({
      name: "weight",
      data: Float32Array.from(steps, (step) => {
        const mark = step.weightOrInclude;
        if (typeof mark === "number") return Math.max(-1, Math.min(1, mark));
        return mark === false ? 0 : 1;
      }),
    });
  }
  return columns;
}

function schemaFor(columns: ColumnSource[]): SchemaElement[] {
  const schema: SchemaElement[] = [{ name: "root", num_children: columns.length }];
  for (const column of columns) {
    if (column.name === "observation.state" || column.name === "action") {
      schema.push(
        { name: column.name, repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        { name: "element", repetition_type: "REQUIRED", type: "FLOAT" },
      );
    } else if (column.data instanceof BigInt64Array) {
      schema.push({ name: column.name, repetition_type: "REQUIRED", type: "INT64" });
    } else if (column.data instanceof Float32Array) {
      schema.push({ name: column.name, repetition_type: "REQUIRED", type: "FLOAT" });
    } else {
      schema.push({ name: column.name, repetition_type: "REQUIRED", type: "BOOLEAN" });
    }
  }
  return schema;
}
