import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { TracemillError } from "../../core/errors.js";

/** Where one desktop session's files are; paths are relative to the data folder, `/`-separated. */
export interface DesktopSessionFiles {
  id: string;
  layout: "folder" | "flat";
  inputLog?: string;
  meta?: string;
  video?: string;
}

const folderNames = {
  inputLog: "input_log.jsonl",
  meta: "meta.json",
  video: "recording.mp4",
} as const;
const flatSuffixes = { inputLog: ".events.jsonl", meta: ".meta.json", video: ".mp4" } as const;

/**
 * Every desktop session in a data folder: sub-folders holding an input log, meta.json or
 * recording (the folder name is the id), and flat `<id>.events.jsonl` / `<id>.meta.json` files.
 * A session with a meta but no log is still listed, so reading it reports the missing log
 * instead of the session silently disappearing.
 */
export async function listDesktopSessions(data: string): Promise<DesktopSessionFiles[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(data, { withFileTypes: true });
  } catch (error) {
    throw new TracemillError("not_found", `desktop data folder not readable: ${data}`, {
      cause: error,
    });
  }
  const ids = new Set<string>();
  for (const entry of entries) {
    if (entry.isDirectory()) ids.add(entry.name);
    else if (entry.name.endsWith(flatSuffixes.inputLog))
      ids.add(entry.name.slice(0, -flatSuffixes.inputLog.length));
    else if (entry.name.endsWith(flatSuffixes.meta))
      ids.add(entry.name.slice(0, -flatSuffixes.meta.length));
  }
  const sessions: DesktopSessionFiles[] = [];
  for (const id of [...ids].sort()) {
    const files = await locateDesktopSession(data, id);
    if (files !== undefined && (files.inputLog !== undefined || files.meta !== undefined))
      sessions.push(files);
  }
  return sessions;
}

/** The files of session `id`, preferring whichever layout has an input log; undefined if none. */
export async function locateDesktopSession(
  data: string,
  id: string,
): Promise<DesktopSessionFiles | undefined> {
  assertSessionId(id);
  const folder: DesktopSessionFiles = { id, layout: "folder" };
  const flat: DesktopSessionFiles = { id, layout: "flat" };
  for (const part of ["inputLog", "meta", "video"] as const) {
    const inFolder = `${id}/${folderNames[part]}`;
    if (await isFile(join(data, inFolder))) folder[part] = inFolder;
    const flatName = `${id}${flatSuffixes[part]}`;
    if (await isFile(join(data, flatName))) flat[part] = flatName;
  }
  const found = (files: DesktopSessionFiles) =>
    files.inputLog !== undefined || files.meta !== undefined || files.video !== undefined;
  if (folder.inputLog !== undefined) return folder;
  if (flat.inputLog !== undefined) return flat;
  if (found(folder)) return folder;
  if (found(flat)) return flat;
  return undefined;
}

/** Ids name a folder or a file prefix inside the data folder, never a path out of it. */
export function assertSessionId(id: string): void {
  if (id.length === 0 || id === "." || id === ".." || /[/\\\0]/.test(id)) {
    throw new TracemillError("input_invalid", `invalid session id ${JSON.stringify(id)}`);
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
