import { stat } from "node:fs/promises";
import { TracemillError } from "../core/errors.js";
import { conversationReader } from "./conversations/conversation-reader.js";
import { desktopSessionReader } from "./desktop/desktop-session-reader.js";
import { devtraceChunkReader } from "./devtrace/devtrace-chunk-reader.js";
import { robotStudyReader } from "./robot/robot-study-reader.js";
import type { SourceReader } from "./types.js";
import { webSessionReader } from "./web/web-session-reader.js";

/**
 * The registry of source readers, one per input kind. `readerFor(path)` picks the first whose
 * `canRead` says yes (more specific layouts first), `readerNamed(name)` picks by short name or
 * format. Pipelines read through these, never through a switch on the format.
 */
export const sourceReaders: readonly SourceReader[] = [
  robotStudyReader,
  devtraceChunkReader,
  desktopSessionReader,
  webSessionReader,
  conversationReader,
];

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
