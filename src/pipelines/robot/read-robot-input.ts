import { resolve } from "node:path";
import { readLooseEpisodes, readStudy, type StudyReadResult } from "../../sources/robot/index.js";

/** Where the episodes come from: a study folder, or loose trajectory files (frames beside them). */
export type RobotInputSource =
  | { study: string; includeFailed?: boolean }
  | { episodes: string[]; framesDir?: string; includeFailed?: boolean };

/** Reads a study or loose episodes; episodes that cannot be used are left out with a reason. */
export async function readRobotInput(source: RobotInputSource): Promise<StudyReadResult> {
  const includeFailed = source.includeFailed === true;
  if ("episodes" in source)
    return readLooseEpisodes(source.episodes, {
      includeFailed,
      ...(source.framesDir === undefined ? {} : { framesDir: source.framesDir }),
    });
  return readStudy(resolve(source.study), { includeFailed });
}
