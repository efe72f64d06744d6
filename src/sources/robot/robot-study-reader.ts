import { stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { TracemillError } from "../../core/errors.js";
import { sha256File } from "../../core/hash.js";
import type { Trace } from "../../core/trace.js";
import type { SourceReader, SourceReadOptions, SourceReadResult, SourceWarning } from "../types.js";
import type { Episode } from "./episode.js";
import { episodeToTrace, robotSourceFormat } from "./episode-to-trace.js";
import {
  type ReadLooseOptions,
  readLooseEpisodes,
  readStudy,
  type SkippedEpisode,
  type StudyReadResult,
} from "./read-study.js";

export type RobotReadOptions = SourceReadOptions & {
  /** Keep episodes whose metrics.success_rate is 0 (left out by default, as by `correct`). */
  includeFailed?: boolean;
};

/** The Traces, and every episode left out with its reason (also a warning naming its file). */
export interface RobotReadResult extends SourceReadResult {
  skipped: SkippedEpisode[];
}

/**
 * A teleoperation study folder (`traj_metadata.json` beside `trajectory_data_<session>/`) as a
 * SourceReader: one Trace of kind "robot" per kept episode (episodeToTrace), paths relative to the
 * study folder. Every episode left out (bad_eps, practice, unreadable file) is a warning naming
 * its file; a bad transcript cue is a warning naming the .srt file and line.
 */
export const robotStudyReader = {
  name: "robot",
  format: robotSourceFormat,
  kind: "robot",

  async canRead(path: string): Promise<boolean> {
    const index = await stat(join(path, "traj_metadata.json")).catch(() => undefined);
    return index?.isFile() ?? false;
  },

  async listSessions(path: string): Promise<string[]> {
    const study = await readStudy(path);
    return [...new Set(study.episodes.map((episode) => episode.session))];
  },

  async read(path: string, options: RobotReadOptions = {}): Promise<RobotReadResult> {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined)
      throw new TracemillError("not_found", `study folder not found: ${path}`);
    const root = resolve(path);
    const study = await readStudy(root, {
      ...(options.sessions === undefined ? {} : { sessions: options.sessions }),
      ...(options.includeFailed === undefined ? {} : { includeFailed: options.includeFailed }),
    });
    return { ...(await tracesOf(study, root)), skipped: study.skipped };
  },
} satisfies SourceReader<RobotReadOptions>;

/**
 * Loose episode files (`--episodes`) as robot Traces, the same way: frames beside each file or
 * in `framesDir`, paths as given (absolute), every file left out a warning and a skip.
 */
export async function readLooseRobotTraces(
  paths: string[],
  options: ReadLooseOptions = {},
): Promise<RobotReadResult> {
  const read = await readLooseEpisodes(paths, options);
  return { ...(await tracesOf(read)), skipped: read.skipped };
}

/** Episodes as Traces with their files by hash; paths relative to `root` when there is one. */
async function tracesOf(read: StudyReadResult, root?: string): Promise<SourceReadResult> {
  const warnings: SourceWarning[] = [...read.warnings];
  for (const skipped of read.skipped) {
    const episode = skipped.episode === undefined ? "" : ` episode ${skipped.episode}`;
    warnings.push({
      code: episodeSkippedCode,
      message: `session ${skipped.session}${episode}: ${skipped.reason}`,
      file:
        skipped.path ?? (root === undefined ? skipped.session : join(root, "traj_metadata.json")),
    });
  }
  const traces: Trace[] = [];
  for (const episode of read.episodes) {
    const local = root === undefined ? episode : relativeTo(episode, root);
    const files = [{ path: local.path, ...(await sha256File(episode.path)) }];
    traces.push(episodeToTrace(local, { files }));
  }
  return { traces, warnings };
}

/** The warning code of an episode the reader left out (the same episode is in `skipped`). */
export const episodeSkippedCode = "episode_skipped";

function relativeTo(episode: Episode, root: string): Episode {
  const inStudy = (file: string) => relative(root, file);
  return {
    ...episode,
    path: inStudy(episode.path),
    ...(episode.transcriptPath === undefined
      ? {}
      : { transcriptPath: inStudy(episode.transcriptPath) }),
    ...(episode.frameFiles === undefined
      ? {}
      : {
          frameFiles: episode.frameFiles.map((file) =>
            file === undefined ? undefined : inStudy(file),
          ),
        }),
  };
}
