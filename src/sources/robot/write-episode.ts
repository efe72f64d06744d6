import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { type Episode, type EpisodeFile, episodeToFile } from "./episode.js";

/**
 * Episode files are written with one trajectory record per line, so two versions of an episode
 * (original and corrected) differ exactly on the lines of the changed steps.
 */
export function serializeEpisodeFile(file: EpisodeFile): string {
  const { trajectory, ...rest } = file;
  const records = trajectory.map((record) => JSON.stringify(record)).join(",\n");
  const tail = Object.entries(rest)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `,${JSON.stringify(key)}:${JSON.stringify(value)}`)
    .join("");
  return `{"trajectory":[\n${records}\n]${tail}}\n`;
}

export async function writeEpisodeFile(path: string, episode: Episode): Promise<void> {
  await writeTextAtomic(path, serializeEpisodeFile(episodeToFile(episode)));
}

/** Temp file + rename: a reader never sees half a file, and a killed run leaves no torn output. */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
