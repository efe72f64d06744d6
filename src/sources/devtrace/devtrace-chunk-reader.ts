import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { TracemillError } from "../../core/errors.js";
import { sha256File } from "../../core/hash.js";
import { type SourceFile, type Step, type Trace, traceSchemaId } from "../../core/trace.js";
import { sourceTraceId } from "../source-trace-id.js";
import type { SourceReader, SourceReadResult, SourceWarning } from "../types.js";
import { devtraceStepOf } from "./event-steps.js";
import type { DevtraceEvent } from "./events.js";
import { readChunkFolder } from "./read-chunks.js";
import { devtraceFormat } from "./seal.js";
import { validateChunkEvents } from "./validate-events.js";

/**
 * A developer trace on disk as a SourceReader: `path` is a trace folder holding `chunks/` (and
 * the `task.json` the client would POST), or the chunk folder itself. Events from every chunk are
 * ordered by seq and become steps as in the sealed trace, but unsealed and without the server's
 * clock or redaction (the server does those at ingest). A bad file or event is a warning naming
 * the file (and the event's index as `offset`); the rest is read.
 */
export const devtraceChunkReader: SourceReader = {
  name: "devtrace",
  format: devtraceFormat,
  kind: "devtrace",

  async canRead(path: string): Promise<boolean> {
    try {
      const folder = await chunkFolderOf(path);
      const names = (await readdir(folder)).filter((name) => name.endsWith(".json")).sort();
      const first = names[0];
      if (first === undefined) return false;
      return (await readFile(join(folder, first), "utf8")).slice(0, 400).includes('"chunk_id"');
    } catch {
      return false;
    }
  },

  async read(path: string): Promise<SourceReadResult> {
    const folder = await chunkFolderOf(path).catch((error: unknown) => {
      throw new TracemillError("not_found", `devtrace folder not found: ${path}`, {
        cause: error,
      });
    });
    const root = folder === path ? join(folder, "..") : path;
    const read = await readChunkFolder(folder);
    const warnings: SourceWarning[] = [...read.warnings];
    const placed: { event: DevtraceEvent; file: string; offset: number; chunkSeq: number }[] = [];
    read.chunks.forEach((chunk, position) => {
      const file = read.files[position] ?? folder;
      const checked = validateChunkEvents(chunk.events);
      for (const error of checked.errors) {
        warnings.push({
          code: "event_invalid",
          message: `${file}: ${error.message}`,
          file,
          offset: error.index,
        });
      }
      // The validator keeps the valid events in order, leaving out the indexes it reports.
      const invalid = new Set(checked.errors.map((error) => error.index));
      const offsets = chunk.events.map((_, index) => index).filter((index) => !invalid.has(index));
      checked.events.forEach((event, index) => {
        placed.push({ event, file, offset: offsets[index] ?? index, chunkSeq: chunk.chunk_seq });
      });
    });
    if (read.chunks.length === 0)
      throw new TracemillError("input_invalid", `no readable chunk in ${folder}`);
    // As when sealing: chunk order first, then seq (a stable sort keeps chunk order on ties).
    placed.sort((a, b) => a.chunkSeq - b.chunkSeq);
    placed.sort((a, b) => a.event.seq - b.event.seq);

    const task = await readTask(join(root, "task.json"), warnings);
    const files: SourceFile[] = [];
    for (const file of read.files)
      files.push({ path: relative(root, file), ...(await sha256File(file)) });
    const firstTs = placed[0]?.event.ts_client_s ?? 0;
    const steps: Step[] = placed.map((item, index) =>
      devtraceStepOf(item.event, index, firstTs, {
        file: relative(root, item.file),
        offset: item.offset,
      }),
    );
    const sessionId = task.task_id ?? basename(root);
    const trace: Trace = {
      schema: traceSchemaId,
      id: sourceTraceId(devtraceFormat, sessionId, files),
      kind: "devtrace",
      source: { format: devtraceFormat, files },
      ...(task.task_title === undefined && task.task_id === undefined
        ? {}
        : {
            task: {
              ...(task.task_id === undefined ? {} : { id: task.task_id }),
              ...(task.task_title === undefined ? {} : { title: task.task_title }),
              ...(task.task_description === undefined
                ? {}
                : { description: task.task_description }),
            },
          }),
      ...(task.participant_id === undefined
        ? {}
        : { actor: { id: task.participant_id, role: "human_dev" } }),
      steps,
      media: [],
      meta: {
        events: placed.map((item) => item.event),
        ...(task.known_failing_tests === undefined
          ? {}
          : { known_failing_tests: task.known_failing_tests }),
        chunks: read.chunks.map((chunk) => ({
          chunk_id: chunk.chunk_id,
          chunk_seq: chunk.chunk_seq,
          num_events: chunk.events.length,
        })),
      },
    };
    return { traces: [trace], warnings };
  },
};

/** The folder of chunk files: `<path>/chunks` when present, else `path` itself. */
async function chunkFolderOf(path: string): Promise<string> {
  const info = await stat(path);
  if (!info.isDirectory()) throw new TracemillError("input_invalid", `${path} is not a folder`);
  const inner = join(path, "chunks");
  const chunks = await stat(inner).catch(() => undefined);
  return chunks?.isDirectory() ? inner : path;
}

interface TaskFile {
  participant_id?: string;
  task_id?: string;
  task_title?: string;
  task_description?: string;
  known_failing_tests?: string[];
}

/** The trace's `task.json` when there is one; a broken one is a warning, not a failure. */
async function readTask(path: string, warnings: SourceWarning[]): Promise<TaskFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return {};
  }
  try {
    const data = JSON.parse(text) as Record<string, unknown>;
    const field = (key: string) =>
      typeof data[key] === "string" ? (data[key] as string) : undefined;
    const tests = Array.isArray(data.known_failing_tests)
      ? data.known_failing_tests.filter((item): item is string => typeof item === "string")
      : undefined;
    return {
      participant_id: field("participant_id"),
      task_id: field("task_id"),
      task_title: field("task_title"),
      task_description: field("task_description"),
      ...(tests === undefined ? {} : { known_failing_tests: tests }),
    };
  } catch (error) {
    warnings.push({
      code: "task_unreadable",
      message: `${path}: not JSON: ${(error as Error).message}`,
      file: path,
    });
    return {};
  }
}
