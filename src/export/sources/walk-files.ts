import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Shared file-system helpers for export sources. Names are compared by UTF-16 code unit (plain
 * `sort()`), never by locale, so the order and therefore the output bytes are the same on every
 * machine.
 */
export function byCodeUnit(first: string, second: string): number {
  return first < second ? -1 : first > second ? 1 : 0;
}

/** Entries of a folder in code-unit order; a missing folder is empty. */
export async function sortedEntries(folder: string): Promise<Dirent[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries.sort((first, second) => byCodeUnit(first.name, second.name));
}

/** Every file under a folder whose name ends with `suffix`, depth first in sorted order. */
export async function* walkFiles(folder: string, suffix: string): AsyncGenerator<string> {
  for (const entry of await sortedEntries(folder)) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walkFiles(path, suffix);
    else if (entry.isFile() && entry.name.endsWith(suffix)) yield path;
  }
}

/** `relative` with forward slashes, so origins read the same on Windows. */
export function toPosix(path: string): string {
  return path.split("\\").join("/");
}
