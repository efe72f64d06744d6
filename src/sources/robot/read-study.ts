import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import { z } from "zod";
import { TracemillError } from "../../core/errors.js";
import type { SourceWarning } from "../types.js";
import { type Episode, readEpisodeFile } from "./episode.js";
import { type FrameFolder, framesForEpisode } from "./frame-index.js";
import { parseSrt } from "./parse-srt.js";

/**
 * A teleoperation study: `traj_metadata.json` ({session: {bad_eps, name, practice, flawed}}),
 * `trajectory_data_<session>/trajectory_0_<episode>.json`, `audio_recordings_<session>/…srt` and
 * `videos_<session>/` frames. Every episode left out is listed in `skipped` with its reason; a bad
 * file is a skip, never a crash.
 */
export interface ReadStudyOptions {
  /** Keep episodes whose metrics.success_rate is 0 (skipped by default). */
  includeFailed?: boolean;
  /** Only these session ids. */
  sessions?: string[];
  /** Only these episode numbers. */
  episodes?: number[];
}

export interface SkippedEpisode {
  session: string;
  episode?: number;
  path?: string;
  reason: string;
}

export interface StudyReadResult {
  episodes: Episode[];
  skipped: SkippedEpisode[];
  warnings: SourceWarning[];
}

export const studySessionSchema = z.looseObject({
  bad_eps: z.array(z.number().int()).default([]),
  name: z.string().optional(),
  practice: z.boolean().default(false),
  flawed: z.boolean().default(false),
});
export type StudySession = z.infer<typeof studySessionSchema>;

const episodeFilePattern = /^trajectory_0_(\d+)\.json$/;

export async function readStudy(
  baseDir: string,
  options: ReadStudyOptions = {},
): Promise<StudyReadResult> {
  const root = resolve(baseDir);
  const metadataPath = join(root, "traj_metadata.json");
  const metadata = await readMetadata(metadataPath);
  const result: StudyReadResult = { episodes: [], skipped: [], warnings: [] };
  const entries = await listDirectory(root);
  const dataFolders = entries.filter((name) => name.startsWith("trajectory_data_"));

  for (const folder of dataFolders) {
    const session = folder.slice("trajectory_data_".length);
    if (metadata[session] !== undefined || !wanted(options.sessions, session)) continue;
    result.skipped.push({
      session,
      path: join(root, folder),
      reason: "session missing from traj_metadata.json",
    });
  }

  for (const session of Object.keys(metadata).sort()) {
    if (!wanted(options.sessions, session)) continue;
    const parsed = studySessionSchema.safeParse(metadata[session]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      result.skipped.push({
        session,
        path: metadataPath,
        reason: `invalid traj_metadata.json entry (${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"})`,
      });
      continue;
    }
    const entry = parsed.data;
    if (entry.practice || entry.flawed) {
      result.skipped.push({
        session,
        reason: entry.practice ? "practice session" : "session marked flawed",
      });
      continue;
    }
    await readSession(root, session, entry, options, result);
  }
  return result;
}

async function readSession(
  root: string,
  session: string,
  entry: StudySession,
  options: ReadStudyOptions,
  result: StudyReadResult,
): Promise<void> {
  const dataDir = join(root, `trajectory_data_${session}`);
  const files = await listDirectory(dataDir);
  if (files.length === 0) {
    result.skipped.push({ session, path: dataDir, reason: "no episode files for this session" });
    return;
  }
  const numbered = files
    .map((file) => ({ file, match: episodeFilePattern.exec(file) }))
    .filter((item) => item.match !== null)
    .map((item) => ({ file: item.file, episode: Number(item.match?.[1]) }))
    .sort((a, b) => a.episode - b.episode);
  const last = numbered.at(-1)?.episode;
  // bad_eps is written by Python code: -1 there means the session's last episode.
  const bad = new Set(
    entry.bad_eps.map((id) => (id < 0 && last !== undefined ? last + 1 + id : id)),
  );
  const frames: FrameFolder = {
    directory: join(root, `videos_${session}`),
    files: await listDirectory(join(root, `videos_${session}`)),
  };
  for (const { file, episode } of numbered) {
    if (options.episodes !== undefined && !options.episodes.includes(episode)) continue;
    const path = join(dataDir, file);
    if (bad.has(episode)) {
      const viaLast = !entry.bad_eps.includes(episode);
      result.skipped.push({
        session,
        episode,
        path,
        reason: viaLast
          ? "listed in bad_eps (as -1, the session's last episode)"
          : "listed in bad_eps",
      });
      continue;
    }
    const transcriptPath = join(root, `audio_recordings_${session}`, `trajectory_0_${episode}.srt`);
    await readOne(path, { session, episode }, [frames], transcriptPath, options, result);
  }
}

export interface ReadLooseOptions {
  includeFailed?: boolean;
  /** A folder of frames for all the files (else frames are looked up next to each file). */
  framesDir?: string;
}

/**
 * Trajectory files given one by one (`--episodes file…`): session "loose", the episode number from
 * the file name (trajectory_ckpt_53_episode_0 → 0, trajectory_0_7 → 7). Two files with the same
 * number get sessions named after their files so their corrected copies cannot collide.
 */
export async function readLooseEpisodes(
  paths: string[],
  options: ReadLooseOptions = {},
): Promise<StudyReadResult> {
  const result: StudyReadResult = { episodes: [], skipped: [], warnings: [] };
  const used = new Set<number>();
  const listings = new Map<string, Promise<string[]>>();
  const list = (directory: string) => {
    const known = listings.get(directory);
    if (known !== undefined) return known;
    const listing = listDirectory(directory);
    listings.set(directory, listing);
    return listing;
  };
  for (const given of paths) {
    const path = resolve(given);
    const stem = basename(path, extname(path));
    const numbers = looseEpisodeNumbers(stem);
    if (numbers === undefined) {
      result.skipped.push({
        session: "loose",
        path,
        reason: "no episode number in the file name (expected …episode_<n>.json or …_<n>.json)",
      });
      continue;
    }
    let session = "loose";
    if (used.has(numbers.episode)) {
      session = `loose-${stem}`;
      result.warnings.push({
        code: "episode_number_reused",
        message: `${path}: episode ${numbers.episode} was already given by another file; using session "${session}"`,
        file: path,
      });
    }
    used.add(numbers.episode);
    const folders: FrameFolder[] = [];
    for (const directory of [options.framesDir, dirname(path)]) {
      if (directory === undefined) continue;
      const absolute = resolve(directory);
      folders.push({ directory: absolute, files: await list(absolute) });
    }
    await readOne(
      path,
      { session, episode: numbers.episode, checkpoint: numbers.checkpoint },
      folders,
      join(dirname(path), `${stem}.srt`),
      options,
      result,
    );
  }
  return result;
}

export function looseEpisodeNumbers(
  stem: string,
): { episode: number; checkpoint?: number } | undefined {
  const checkpointMatch = /ckpt_(\d+)/.exec(stem);
  const checkpoint = checkpointMatch?.[1] === undefined ? undefined : Number(checkpointMatch[1]);
  const named = /episode_(\d+)/.exec(stem) ?? /_(\d+)$/.exec(stem);
  if (named?.[1] === undefined) return undefined;
  const episode = Number(named[1]);
  return checkpoint === undefined ? { episode } : { episode, checkpoint };
}

async function readOne(
  path: string,
  where: { session: string; episode: number; checkpoint?: number },
  frameFolders: FrameFolder[],
  transcriptPath: string,
  options: { includeFailed?: boolean },
  result: StudyReadResult,
): Promise<void> {
  const { session, episode } = where;
  let parsed: Episode;
  try {
    parsed = await readEpisodeFile(path, { session, episode });
  } catch (error) {
    result.skipped.push({ session, episode, path, reason: (error as Error).message });
    return;
  }
  if (parsed.metrics.success_rate === 0 && options.includeFailed !== true) {
    result.skipped.push({
      session,
      episode,
      path,
      reason: "metrics.success_rate is 0 (pass --include-failed to keep failed episodes)",
    });
    return;
  }
  const frameFiles = framesForEpisode(frameFolders, {
    episode,
    checkpoint: where.checkpoint,
    framePaths: parsed.steps.map((step) => step.framePath),
  });
  if (frameFiles.some((file) => file !== undefined)) parsed.frameFiles = frameFiles;
  const transcript = await readOptionalText(transcriptPath);
  if (transcript !== undefined) {
    const srt = parseSrt(transcript, transcriptPath);
    parsed.transcript = srt.lines;
    parsed.transcriptPath = transcriptPath;
    result.warnings.push(...srt.warnings);
  }
  result.episodes.push(parsed);
}

async function readMetadata(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new TracemillError("not_found", `${path}: cannot read the study index`, {
      cause: error,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new TracemillError("input_invalid", `${path}: not JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new TracemillError("input_invalid", `${path}: expected an object keyed by session id`);
  }
  return raw as Record<string, unknown>;
}

async function listDirectory(directory: string): Promise<string[]> {
  try {
    return (await readdir(directory)).sort();
  } catch {
    return [];
  }
}

async function readOptionalText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

function wanted(filter: string[] | undefined, session: string): boolean {
  return filter === undefined || filter.includes(session);
}
