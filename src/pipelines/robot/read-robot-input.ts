import { resolve } from "node:path";
import type { Trace } from "../../core/trace.js";
import type { Episode, StudyReadResult } from "../../sources/robot/index.js";
import {
  episodeSkippedCode,
  type RobotReadResult,
  readLooseRobotTraces,
  robotStudyReader,
} from "../../sources/robot/robot-study-reader.js";
import { traceToEpisode } from "../../sources/robot/trace-to-episode.js";

/** Where the episodes come from: a study folder, or loose trajectory files (frames beside them). */
export type RobotInputSource =
  | { study: string; includeFailed?: boolean }
  | { episodes: string[]; framesDir?: string; includeFailed?: boolean };

export interface RobotInputRead extends StudyReadResult {
  /** The reader's Traces, one per episode, in the order of `episodes`. */
  traces: Trace[];
}

/**
 * Reads a study or loose episodes through the robot reader into Traces, and rebuilds each
 * episode from its Trace's steps (traceToEpisode) with its files' paths made absolute again, for
 * the correction code. Episodes the reader left out are in `skipped` (their warnings are not
 * repeated in `warnings`).
 */
export async function readRobotInput(source: RobotInputSource): Promise<RobotInputRead> {
  const includeFailed = source.includeFailed === true;
  const root = "study" in source ? resolve(source.study) : undefined;
  const read: RobotReadResult =
    "episodes" in source
      ? await readLooseRobotTraces(source.episodes, {
          includeFailed,
          ...(source.framesDir === undefined ? {} : { framesDir: source.framesDir }),
        })
      : await robotStudyReader.read(root as string, { includeFailed });
  const episodes = read.traces.map((trace) => {
    const episode = traceToEpisode(trace);
    return root === undefined ? episode : absolute(episode, root);
  });
  return {
    traces: read.traces,
    episodes,
    skipped: read.skipped,
    warnings: read.warnings.filter((warning) => warning.code !== episodeSkippedCode),
  };
}

function absolute(episode: Episode, root: string): Episode {
  const inRoot = (file: string) => resolve(root, file);
  const rebuilt: Episode = { ...episode, path: inRoot(episode.path) };
  if (episode.transcriptPath !== undefined) rebuilt.transcriptPath = inRoot(episode.transcriptPath);
  if (episode.frameFiles !== undefined)
    rebuilt.frameFiles = episode.frameFiles.map((file) =>
      file === undefined ? undefined : inRoot(file),
    );
  return rebuilt;
}
