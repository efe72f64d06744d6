import type { Dirent } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";

/**
 * Atomic writers name their work in progress `<file>.tmp-<pid>` (optionally `-<suffix>`) and
 * rename it on commit, so a killed process leaves its temporaries behind. The next run removes
 * those whose process is gone; a live process's files (another run writing now) are kept.
 */
const temporaryName = /\.tmp-(\d+)(?:-[a-z0-9]+)?$/;

export interface StaleSweepOptions {
  /** Whether a process with this id still runs (default: signal 0). */
  isAlive?: (pid: number) => boolean;
  /** Walk sub-folders too (default true). */
  recursive?: boolean;
}

/** True when a process with this pid exists on this machine (EPERM: it exists, we may not signal it). */
export function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes stale temporaries under `folder`; returns their paths. A missing folder has none. */
export async function removeStaleTemporaries(
  folder: string,
  options: StaleSweepOptions = {},
): Promise<string[]> {
  const isAlive = options.isAlive ?? processIsAlive;
  let entries: Dirent[];
  try {
    entries = await readdir(folder, {
      withFileTypes: true,
      recursive: options.recursive ?? true,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const match = temporaryName.exec(entry.name);
    if (match === null || isAlive(Number(match[1]))) continue;
    const path = join(entry.parentPath, entry.name);
    // Directories too: checkpoints and LeRobot exports are written as `<dir>.tmp-<pid>`.
    await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}
