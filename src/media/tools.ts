import { execFile } from "node:child_process";
import { access, constants } from "node:fs/promises";
import { createRequire } from "node:module";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { searchPathFromEnvironment } from "../config/environment.js";

/**
 * Finds ffmpeg and ffprobe: an explicit path first, then PATH, then the binaries that ship
 * inside @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe, so the default path needs no
 * system package.
 */
export type MediaToolName = "ffmpeg" | "ffprobe";

export interface MediaTool {
  name: MediaToolName;
  path: string;
  source: "explicit" | "path" | "bundled";
  version: string;
}

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const bundledPackages: Record<MediaToolName, string> = {
  ffmpeg: "@ffmpeg-installer/ffmpeg",
  ffprobe: "@ffprobe-installer/ffprobe",
};

export async function findMediaTool(
  name: MediaToolName,
  options: { explicitPath?: string; searchPath?: string } = {},
): Promise<MediaTool | undefined> {
  const candidates: { path: string; source: MediaTool["source"] }[] = [];
  if (options.explicitPath) candidates.push({ path: options.explicitPath, source: "explicit" });
  const onPath = await findOnPath(name, options.searchPath ?? searchPathFromEnvironment());
  if (onPath) candidates.push({ path: onPath, source: "path" });
  const bundled = bundledPath(name);
  if (bundled) candidates.push({ path: bundled, source: "bundled" });
  for (const candidate of candidates) {
    const version = await toolVersion(candidate.path);
    if (version) return { name, ...candidate, version };
    if (candidate.source === "explicit") return undefined; // an explicit path that fails is an answer
  }
  return undefined;
}

export async function findOnPath(
  executable: string,
  searchPath: string,
): Promise<string | undefined> {
  for (const directory of searchPath.split(delimiter).filter(Boolean)) {
    const candidate = join(directory, executable);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function bundledPath(name: MediaToolName): string | undefined {
  try {
    return (require(bundledPackages[name]) as { path: string }).path;
  } catch {
    return undefined;
  }
}

/** First line of `<tool> -version`, e.g. "ffmpeg version 6.1.1-3"; undefined when it does not run. */
async function toolVersion(path: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(path, ["-version"], { timeout: 10_000 });
    const firstLine = stdout.split("\n")[0]?.trim() ?? "";
    return firstLine.replace(/\s+Copyright.*$/, "") || undefined;
  } catch {
    return undefined;
  }
}
