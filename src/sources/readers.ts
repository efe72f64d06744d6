import { stat } from "node:fs/promises";
import { TracemillError } from "../core/errors.js";
import type { TraceKind } from "../core/trace.js";
import type { SourceReader, SourceReadOptions, SourceReadResult } from "./types.js";

/**
 * The registry of source readers, one per input kind. `readerFor(path)` picks the first whose
 * `canRead` says yes (more specific layouts first), `readerNamed(name)` picks by short name or
 * format. Pipelines read through these, never through a switch on the format.
 *
 * Each entry loads its reader's module on first use: a run that reads desktop sessions does not
 * load the devtrace, robot, web and conversation readers (about 40 ms of module loading on every
 * `tracemill process`). The names, formats and kinds written here are checked against the loaded
 * readers by readers.test.ts.
 */
interface ReaderEntry {
  name: string;
  format: string;
  kind: TraceKind;
  /** Whether the reader lists sessions (`listSessions`). */
  sessions: boolean;
  load: () => Promise<SourceReader>;
}

const entries: readonly ReaderEntry[] = [
  {
    name: "robot",
    format: "robot-episode",
    kind: "robot",
    sessions: true,
    load: async () => (await import("./robot/robot-study-reader.js")).robotStudyReader,
  },
  {
    name: "devtrace",
    format: "devtrace/v1",
    kind: "devtrace",
    sessions: false,
    load: async () => (await import("./devtrace/devtrace-chunk-reader.js")).devtraceChunkReader,
  },
  {
    name: "desktop",
    format: "desktop-session",
    kind: "screen",
    sessions: true,
    load: async () => (await import("./desktop/desktop-session-reader.js")).desktopSessionReader,
  },
  {
    name: "web",
    format: "web-session",
    kind: "screen",
    sessions: true,
    load: async () => (await import("./web/web-session-reader.js")).webSessionReader,
  },
  {
    name: "conversations",
    format: "conversation-jsonl",
    kind: "conversation",
    sessions: false,
    load: async () => (await import("./conversations/conversation-reader.js")).conversationReader,
  },
];

/** A reader that loads its module on the first call of any of its methods. */
function lazyReader(entry: ReaderEntry): SourceReader {
  let loaded: Promise<SourceReader> | undefined;
  const load = () => {
    loaded ??= entry.load();
    return loaded;
  };
  const reader: SourceReader = {
    name: entry.name,
    format: entry.format,
    kind: entry.kind,
    async canRead(path: string): Promise<boolean> {
      return (await load()).canRead(path);
    },
    async read(path: string, options?: SourceReadOptions): Promise<SourceReadResult> {
      return (await load()).read(path, options);
    },
  };
  if (entry.sessions)
    reader.listSessions = async (path: string): Promise<string[]> => {
      const real = await load();
      if (real.listSessions === undefined)
        throw new TracemillError("internal", `the ${entry.name} reader lists no sessions`);
      return real.listSessions(path);
    };
  return reader;
}

export const sourceReaders: readonly SourceReader[] = entries.map(lazyReader);

/** The reader itself (its module loaded), for checks that compare it with its registry entry. */
export async function loadReader(name: string): Promise<SourceReader> {
  const entry = entries.find((item) => item.name === name);
  if (entry === undefined) throw new TracemillError("input_invalid", `unknown source "${name}"`);
  return entry.load();
}

export async function readerFor(path: string): Promise<SourceReader> {
  for (const reader of sourceReaders) if (await reader.canRead(path)) return reader;
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (!exists) throw new TracemillError("not_found", `${path} not found`);
  throw new TracemillError(
    "input_invalid",
    `no reader understands ${path} (known: ${sourceReaders.map((reader) => reader.name).join(", ")})`,
  );
}

export function readerNamed(name: string): SourceReader {
  const reader = sourceReaders.find((item) => item.name === name || item.format === name);
  if (reader === undefined)
    throw new TracemillError(
      "input_invalid",
      `unknown source "${name}" (known: ${sourceReaders.map((item) => item.name).join(", ")})`,
    );
  return reader;
}
