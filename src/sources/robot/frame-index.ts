import { basename, join } from "node:path";

/**
 * Finds the camera frame for each step of an episode among the image files of a folder. A record's
 * own framePath wins when its file name is present; otherwise names are read as
 * `frame_<episode>_<step>` or `frame_<checkpoint>_<episode>_<step>` (.jpg, .jpeg or .png).
 */
export interface FrameName {
  file: string;
  checkpoint?: number;
  episode: number;
  step: number;
}

const framePattern = /^frame_(\d+(?:_\d+)+)\.(?:jpe?g|png)$/i;

export function parseFrameName(file: string): FrameName | undefined {
  const match = framePattern.exec(file);
  if (match?.[1] === undefined) return undefined;
  const numbers = match[1].split("_").map(Number);
  const step = numbers.at(-1);
  const episode = numbers.at(-2);
  if (step === undefined || episode === undefined) return undefined;
  const name: FrameName = { file, episode, step };
  if (numbers.length >= 3) name.checkpoint = numbers.at(-3);
  return name;
}

export interface FrameFolder {
  directory: string;
  files: string[];
}

/**
 * Step index → absolute frame path for one episode. `checkpoint` (from a loose file name such as
 * trajectory_ckpt_53_episode_0) keeps frames of other checkpoints' episode 0 out.
 */
export function framesForEpisode(
  folders: FrameFolder[],
  episode: { episode: number; checkpoint?: number; framePaths: (string | undefined)[] },
): (string | undefined)[] {
  const byName = new Map<string, string>();
  const byStep = new Map<number, string>();
  for (const folder of folders) {
    for (const file of [...folder.files].sort()) {
      if (!byName.has(file)) byName.set(file, join(folder.directory, file));
      const name = parseFrameName(file);
      if (name === undefined || name.episode !== episode.episode) continue;
      if (
        episode.checkpoint !== undefined &&
        name.checkpoint !== undefined &&
        name.checkpoint !== episode.checkpoint
      )
        continue;
      if (!byStep.has(name.step)) byStep.set(name.step, join(folder.directory, file));
    }
  }
  return episode.framePaths.map((framePath, step) => {
    // Recorded paths may be Windows or POSIX paths from another machine; only the name matters.
    const recorded =
      framePath === undefined ? undefined : byName.get(basename(framePath.replaceAll("\\", "/")));
    return recorded ?? byStep.get(step);
  });
}
