import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import { TracemillError } from "../../core/errors.js";
import { sha256File } from "../../core/hash.js";
import type { Trace } from "../../core/trace.js";
import type { SourceReader, SourceReadOptions, SourceReadResult, SourceWarning } from "../types.js";
import { readConversationLines } from "./conversation-lines.js";
import { conversationSourceFormat } from "./conversation-trace.js";

/**
 * The insights input (JSONL, one conversation a line) as a SourceReader: one Trace of kind
 * "conversation" per valid line, in file order. A bad line (not JSON, not a conversation, a
 * repeated id) is a warning naming the file and line; the other lines are read.
 */
export const conversationReader: SourceReader = {
  name: "conversations",
  format: conversationSourceFormat,
  kind: "conversation",

  async canRead(path: string): Promise<boolean> {
    try {
      if (!path.endsWith(".jsonl") || basename(path) === "input_log.jsonl") return false;
      const head = await readHead(path, 2048);
      const first = head.split("\n").find((line) => line.trim().length > 0);
      return first?.includes('"conversation_id"') ?? false;
    } catch {
      return false;
    }
  },

  async read(path: string, options: SourceReadOptions = {}): Promise<SourceReadResult> {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined)
      throw new TracemillError("not_found", `input file ${path} does not exist`);
    const file = basename(path);
    const sourceFile = { path: file, ...(await sha256File(path)) };
    const wanted = options.sessions === undefined ? undefined : new Set(options.sessions);
    const traces: Trace[] = [];
    const warnings: SourceWarning[] = [];
    for await (const batch of readConversationLines(path, { file, sourceFile })) {
      for (const item of batch) {
        if (item.kind === "invalid")
          warnings.push({
            code: item.error.code,
            message: `${path}: ${item.error.message}`,
            file: path,
            line: item.line,
          });
        else if (
          item.kind === "trace" &&
          (wanted === undefined || wanted.has(item.trace.task?.id ?? ""))
        )
          traces.push(item.trace);
      }
    }
    if (traces.length === 0 && warnings.length === 0)
      warnings.push({ code: "empty_dataset", message: `${path}: no conversations`, file: path });
    return { traces, warnings };
  },
};

async function readHead(path: string, bytes: number): Promise<string> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}
