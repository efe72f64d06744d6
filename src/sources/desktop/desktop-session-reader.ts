import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { TracemillError } from "../../core/errors.js";
import type { Trace } from "../../core/trace.js";
import type { SourceReader, SourceReadOptions, SourceReadResult, SourceWarning } from "../types.js";
import { listDesktopSessions } from "./list-desktop-sessions.js";
import {
  type DesktopSessionOptions,
  desktopSessionFormat,
  readDesktopSession,
} from "./read-desktop-session.js";

export type DesktopReadOptions = SourceReadOptions & DesktopSessionOptions;

const sessionFolderFiles = ["input_log.jsonl", "meta.json", "recording.mp4"];

/**
 * The desktop recorder's sessions as a SourceReader. `path` is a data folder (the sessions named
 * in `options.sessions`, or all of them), one session folder (its name is the id, its parent the
 * data folder), or a session's input log. A session that cannot be read becomes a
 * `session_unreadable` warning while the others are returned; if none can be read, the (first)
 * error is thrown. Pipelines wanting one line per session call `readDesktopSession` per id.
 */
export const desktopSessionReader = {
  name: "desktop",
  format: desktopSessionFormat,
  kind: "screen",

  async listSessions(path: string): Promise<string[]> {
    return (await listDesktopSessions(path)).map((session) => session.id);
  },

  async canRead(path: string): Promise<boolean> {
    try {
      const target = await resolveTarget(path);
      if (target.ids !== undefined) return true;
      return (await listDesktopSessions(target.data)).some(
        (session) => session.inputLog !== undefined,
      );
    } catch {
      return false;
    }
  },

  async read(path: string, options: DesktopReadOptions = {}): Promise<SourceReadResult> {
    // With sessions named, a missing data folder is reported by each session's own read.
    const named = options.sessions !== undefined && options.sessions.length > 0;
    const target = named && !(await exists(path)) ? { data: path } : await resolveTarget(path);
    const ids =
      target.ids ??
      options.sessions ??
      (await listDesktopSessions(target.data)).map((session) => session.id);
    if (ids.length === 0) throw new TracemillError("not_found", `no desktop sessions in ${path}`);
    const traces: Trace[] = [];
    const warnings: SourceWarning[] = [];
    const errors: TracemillError[] = [];
    for (const id of ids) {
      try {
        const result = await readDesktopSession(target.data, id, options);
        traces.push(result.trace);
        warnings.push(...result.warnings);
      } catch (error) {
        if (!(error instanceof TracemillError)) throw error;
        errors.push(error);
        warnings.push({
          code: "session_unreadable",
          message: error.message,
          file: join(target.data, id),
        });
      }
    }
    const [firstError] = errors;
    if (traces.length === 0 && firstError !== undefined) throw firstError;
    return { traces, warnings };
  },
} satisfies SourceReader<DesktopReadOptions>;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

interface ReadTarget {
  data: string;
  /** Set when the path names one session. */
  ids?: string[];
}

async function resolveTarget(path: string): Promise<ReadTarget> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new TracemillError("not_found", `desktop session path not found: ${path}`, {
      cause: error,
    });
  }
  // A session named by its own folder or file: resolve so "." still yields a real folder name.
  const full = resolve(path);
  const name = basename(full);
  if (info.isFile()) {
    if (name === "input_log.jsonl")
      return { data: dirname(dirname(full)), ids: [basename(dirname(full))] };
    if (name.endsWith(".events.jsonl")) {
      return { data: dirname(full), ids: [name.slice(0, -".events.jsonl".length)] };
    }
    throw new TracemillError("input_invalid", `not a desktop session file: ${path}`);
  }
  const entries = await readdir(path);
  if (entries.some((entry) => sessionFolderFiles.includes(entry))) {
    return { data: dirname(full), ids: [name] };
  }
  return { data: path };
}
