import { readdir, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { TracemillError } from "../../core/errors.js";
import type { Trace } from "../../core/trace.js";
import type { SourceReader, SourceReadOptions, SourceReadResult, SourceWarning } from "../types.js";
import { readWebSession, webSessionFormat } from "./read-web-session.js";

const sessionFile = /^(.+?)\.(events\.json|guac|guac\.m4v)$/;

/**
 * Session ids in a data folder: every `<id>.events.json`, `<id>.guac` or `<id>.guac.m4v`, sorted.
 * A recording without its events file is listed too, so reading it reports it as one clear error.
 */
export async function listWebSessions(data: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(data);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new TracemillError("not_found", `data folder ${data} not found`);
    if (code === "ENOTDIR") throw new TracemillError("input_invalid", `${data} is not a folder`);
    throw new TracemillError("io", `cannot list ${data}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const ids = new Set<string>();
  for (const name of names) {
    const match = sessionFile.exec(name);
    if (match) ids.add(match[1]!);
  }
  return [...ids].sort();
}

/** `path` names one session's file: its data folder and id. */
function sessionOfFile(path: string): { data: string; id: string } | undefined {
  const match = sessionFile.exec(basename(path));
  return match ? { data: dirname(path), id: match[1]! } : undefined;
}

/**
 * The "web-session" SourceReader: `path` is a data folder (all sessions, or `options.sessions`)
 * or one session's file. A session that cannot be read becomes a `web_session_unreadable`
 * warning while the others are read; when none can be read the first error is thrown.
 */
export const webSessionReader: SourceReader = {
  name: "web",
  format: webSessionFormat,
  kind: "screen",

  listSessions: listWebSessions,

  async canRead(path: string): Promise<boolean> {
    try {
      if ((await stat(path)).isDirectory()) return (await listWebSessions(path)).length > 0;
      return sessionOfFile(path) !== undefined;
    } catch {
      return false;
    }
  },

  async read(path: string, options: SourceReadOptions = {}): Promise<SourceReadResult> {
    const info = await stat(path).catch(() => undefined);
    const named = options.sessions !== undefined && options.sessions.length > 0;
    // With sessions named, each session's own read says what is missing (its events file).
    if (!info && !named) throw new TracemillError("not_found", `${path} not found`);
    let data = path;
    let ids: string[];
    if (!info || info.isDirectory()) {
      ids =
        options.sessions && options.sessions.length > 0
          ? options.sessions
          : await listWebSessions(path);
      if (ids.length === 0)
        throw new TracemillError("not_found", `no web sessions (*.events.json, *.guac) in ${path}`);
    } else {
      const one = sessionOfFile(path);
      if (!one)
        throw new TracemillError(
          "input_invalid",
          `${path} is not a web session file (<id>.events.json or <id>.guac)`,
        );
      data = one.data;
      ids = [one.id];
    }
    const traces: Trace[] = [];
    const warnings: SourceWarning[] = [];
    let firstError: unknown;
    for (const id of ids) {
      try {
        const result = await readWebSession(data, id);
        traces.push(result.trace);
        warnings.push(...result.warnings);
      } catch (error) {
        if (!(error instanceof TracemillError)) throw error;
        firstError ??= error;
        warnings.push({
          code: "web_session_unreadable",
          message: error.message,
          file: `${id}.events.json`,
        });
      }
    }
    if (traces.length === 0 && firstError) throw firstError;
    return { traces, warnings };
  },
};
