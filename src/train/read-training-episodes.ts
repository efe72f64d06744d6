import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { TracemillError } from "../core/errors.js";
import { pathExists } from "../core/files.js";
import { correctedEpisodePaths } from "../correct/index.js";
import {
  type Episode,
  readEpisodeFile,
  readLooseEpisodes,
  readStudy,
} from "../sources/robot/index.js";

/**
 * Where training episodes come from: loose files (`--episodes`), a study folder (has
 * traj_metadata.json; the study's skip rules apply), or a corrected folder
 * (`<dir>/<session>/trajectory_0_<n>.json`, as `tracemill correct` writes it; sidecars ignored).
 * Everything left out is listed with its reason.
 */
export interface TrainingEpisodes {
  episodes: Episode[];
  source: "episodes" | "study" | "corrected";
  leftOut: { what: string; reason: string }[];
}

export async function readTrainingEpisodes(input: {
  data?: string;
  episodes?: string[];
  includeFailed?: boolean;
}): Promise<TrainingEpisodes> {
  const files = input.episodes ?? [];
  if ((input.data === undefined) === (files.length === 0)) {
    throw new TracemillError("input_invalid", "give either --data <folder> or --episodes <file…>");
  }
  if (files.length > 0) {
    for (const file of files) {
      if (!(await pathExists(file)))
        throw new TracemillError("not_found", `--episodes ${file}: no such file`);
    }
    const read = await readLooseEpisodes(files, { includeFailed: input.includeFailed === true });
    return { episodes: read.episodes, source: "episodes", leftOut: leftOutOf(read.skipped) };
  }
  const dir = resolve(input.data as string);
  if (await pathExists(join(dir, "traj_metadata.json"))) {
    const read = await readStudy(dir, { includeFailed: input.includeFailed === true });
    return { episodes: read.episodes, source: "study", leftOut: leftOutOf(read.skipped) };
  }
  return { ...(await readCorrectedFolder(dir)), source: "corrected" };
}

/** Every `<session>/trajectory_0_<n>.json` under a corrected folder, sorted. */
export async function readCorrectedFolder(dir: string): Promise<Omit<TrainingEpisodes, "source">> {
  const sessions = await listDirectories(dir);
  if (sessions === undefined) throw new TracemillError("not_found", `${dir}: no such folder`);
  const episodes: Episode[] = [];
  const leftOut: TrainingEpisodes["leftOut"] = [];
  for (const session of sessions.sort()) {
    const names = (await readdir(join(dir, session))).sort();
    for (const name of names) {
      const match = /^trajectory_0_(\d+)\.json$/.exec(name);
      if (!match) continue;
      const path = join(dir, session, name);
      try {
        episodes.push(await readEpisodeFile(path, { session, episode: Number(match[1]) }));
      } catch (error) {
        leftOut.push({ what: path, reason: (error as Error).message });
      }
    }
  }
  if (episodes.length === 0 && leftOut.length === 0) {
    throw new TracemillError(
      "not_found",
      `${dir}: no traj_metadata.json and no <session>/trajectory_0_<n>.json episodes`,
    );
  }
  return { episodes, leftOut };
}

/** The corrected copy of each episode; an episode without one is left out with the reason. */
export async function readCorrectedCopies(
  correctedDir: string,
  originals: Episode[],
): Promise<Omit<TrainingEpisodes, "source">> {
  const episodes: Episode[] = [];
  const leftOut: TrainingEpisodes["leftOut"] = [];
  for (const original of originals) {
    const { path } = correctedEpisodePaths(correctedDir, original);
    if (!(await pathExists(path))) {
      leftOut.push({
        what: `${original.session}/${original.episode}`,
        reason: `no corrected copy at ${path} (its correction failed); not trained on`,
      });
      continue;
    }
    episodes.push(
      await readEpisodeFile(path, { session: original.session, episode: original.episode }),
    );
  }
  return { episodes, leftOut };
}

function leftOutOf(
  skipped: { session: string; episode?: number; path?: string; reason: string }[],
) {
  return skipped.map((item) => ({
    what: item.path ?? `${item.session}${item.episode === undefined ? "" : `/${item.episode}`}`,
    reason: item.reason,
  }));
}

async function listDirectories(dir: string): Promise<string[] | undefined> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return undefined;
  }
}
