import { readdir } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { TracemillError } from "../core/errors.js";
import { safeJoin } from "../core/safe-path.js";
import { listRuns } from "../runs/list-runs.js";
import { type FrameFolder, framesForEpisode } from "../sources/robot/frame-index.js";
import { readInside } from "./read-inside.js";
import { asArray, asNumber, asObject, asString, readJson } from "./read-json.js";

/**
 * The camera frames of a corrected robot episode. The trajectory records frame paths from the
 * recording machine; the frames themselves sit in the study folder (`videos_<session>/`) the
 * episode came from, which the sidecar names (`source.path`). A folder is only read when it lies
 * inside the data or runs folder, or when its episode file is an input a run in the runs folder
 * recorded: a sidecar cannot point the viewer at any other folder. Only image files directly in
 * a frame folder are served, by step number (the client never names a path).
 */
export interface FrameRoots {
  runsDir: string;
  dataDir?: string;
}

const imageName = /\.(?:png|jpe?g|webp)$/i;

function inside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel.length > 0 && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}

/** Episode files that some run in the runs folder recorded as an input. */
async function recordedInputs(runsDir: string): Promise<Set<string>> {
  const runs = await listRuns(runsDir).catch(() => []);
  const paths = new Set<string>();
  for (const run of runs) {
    const manifest = asObject(await readJson(join(run.dir, "manifest.json")).catch(() => ({})));
    for (const input of asArray(manifest.inputs)) {
      const path = asString(asObject(input).path);
      if (path !== undefined) paths.add(resolve(path));
    }
  }
  return paths;
}

async function imagesIn(directory: string): Promise<FrameFolder | undefined> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => undefined);
  if (entries === undefined) return undefined;
  const files = entries
    .filter((entry) => entry.isFile() && imageName.test(entry.name))
    .map((entry) => entry.name);
  return files.length === 0 ? undefined : { directory, files };
}

/** Step → absolute frame path (undefined where no frame was found), for one episode. */
export async function episodeFramePaths(
  sidecarPath: string,
  roots: FrameRoots,
): Promise<(string | undefined)[]> {
  const sidecar = asObject(await readJson(sidecarPath));
  const episodeDir = dirname(sidecarPath);
  const session = asString(sidecar.session) ?? basename(episodeDir);
  const trajectoryPath = sidecarPath.replace(/\.corrections\.json$/, ".json");
  const trajectory = asArray(asObject(await readJson(trajectoryPath)).trajectory).map(asArray);
  const episode =
    asNumber(sidecar.episode) ??
    Number(/_(\d+)\.corrections\.json$/.exec(sidecarPath)?.[1] ?? Number.NaN);
  const sessionFolder = /^[A-Za-z0-9._-]+$/.test(session) ? `videos_${session}` : undefined;
  const candidates = [episodeDir, join(episodeDir, "frames"), join(episodeDir, "videos")];
  if (sessionFolder !== undefined) {
    candidates.push(join(episodeDir, sessionFolder), join(dirname(episodeDir), sessionFolder));
  }
  const trusted = [roots.runsDir, ...(roots.dataDir === undefined ? [] : [roots.dataDir])];
  const readable = candidates.filter((directory) =>
    trusted.some((root) => inside(root, directory)),
  );
  const source = asString(asObject(sidecar.source).path);
  if (source !== undefined && sessionFolder !== undefined && isAbsolute(source)) {
    const allowed =
      trusted.some((root) => inside(root, source)) ||
      (await recordedInputs(roots.runsDir)).has(resolve(source));
    // <study>/trajectory_data_<session>/trajectory_0_<n>.json → <study>/videos_<session>
    if (allowed) readable.push(safeJoin(dirname(dirname(source)), sessionFolder));
  }
  const folders: FrameFolder[] = [];
  for (const directory of readable) {
    const folder = await imagesIn(directory);
    if (folder !== undefined) folders.push(folder);
  }
  if (folders.length === 0 || !Number.isInteger(episode)) return trajectory.map(() => undefined);
  return framesForEpisode(folders, {
    episode,
    framePaths: trajectory.map((step) => asString(step[3])),
  });
}

/** The image of one step, read through the same folder check (links resolved). */
export async function episodeFrame(
  sidecarPath: string,
  roots: FrameRoots,
  step: number,
): Promise<{ bytes: Buffer; mimeType: string }> {
  const path = (await episodeFramePaths(sidecarPath, roots))[step];
  if (path === undefined) throw new TracemillError("not_found", `no frame for step ${step}`);
  return readInside(dirname(path), basename(path));
}
