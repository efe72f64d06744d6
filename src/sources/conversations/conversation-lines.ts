import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { lineBatches } from "../../core/each-line.js";
import { TracemillError } from "../../core/errors.js";
import type { SourceFile, Trace } from "../../core/trace.js";
import { checkLine, type InputLineError } from "../../insights/input/check-line.js";
import type { Conversation } from "../../insights/input/conversation.js";
import { conversationToTrace } from "./conversation-trace.js";

/**
 * The one pass over a conversations JSONL file: every line judged by `checkLine` (the input
 * contract) and every valid one turned into a Trace of kind `conversation` (when its `trace` is
 * first read). The reader, `insights
 * validate-input` and the insights stages all read through here, so a line means the same to
 * each. Lines come in batches, one per chunk read (one await per chunk, not per line); memory
 * grows with the number of distinct conversation ids (to find repeats), not with the file.
 */
export type ConversationLine =
  | { kind: "empty"; line: number }
  | { kind: "invalid"; line: number; error: InputLineError }
  | {
      kind: "trace";
      line: number;
      /** The line's conversation, as the input contract read it. */
      conversation: Conversation;
      /** Its Trace, built on first read (`insights validate-input` never needs one). */
      readonly trace: Trace;
    };

export interface ConversationLinesOptions {
  /** The file as named in step origins; its base name when absent. */
  file?: string;
  /** The whole file's digest for each trace's provenance; each conversation's own when absent. */
  sourceFile?: SourceFile;
  /** Read size (tests). */
  chunkBytes?: number;
}

export async function* readConversationLines(
  path: string,
  options: ConversationLinesOptions = {},
): AsyncGenerator<ConversationLine[]> {
  await assertReadableFile(path);
  const file = options.file ?? basename(path);
  const seenIds = new Set<string>();
  const judge = (text: string, line: number): ConversationLine => {
    // A byte-order mark is an editor artefact, not part of the first record.
    const clean = line === 1 && text.startsWith("\uFEFF") ? text.slice(1) : text;
    const verdict = checkLine(clean, line, seenIds);
    if (verdict.kind === "empty") return { kind: "empty", line };
    if (verdict.kind === "invalid") return { kind: "invalid", line, error: verdict.error };
    const origin = {
      file,
      line,
      ...(options.sourceFile ? { sourceFile: options.sourceFile } : {}),
    };
    const { conversation } = verdict;
    let trace: Trace | undefined;
    return {
      kind: "trace",
      line,
      conversation,
      get trace() {
        trace ??= conversationToTrace(conversation, origin);
        return trace;
      },
    };
  };
  let lastLine = 0;
  const batches = lineBatches(
    path,
    options.chunkBytes === undefined ? {} : { chunkBytes: options.chunkBytes },
  );
  try {
    while (true) {
      let next: IteratorResult<{ line: number; text: string }[]>;
      try {
        next = await batches.next();
      } catch (error) {
        throw new TracemillError(
          "io",
          `${path}: read failed after line ${lastLine}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      if (next.done) return;
      const batch = next.value.map(({ line, text }) => judge(text, line));
      lastLine = batch.at(-1)?.line ?? lastLine;
      yield batch;
    }
  } finally {
    // A consumer that stops early closes the file too.
    await batches.return(undefined);
  }
}

/** `not_found` for a missing file, `input_invalid` for a folder, `io` for the rest. */
export async function assertReadableFile(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new TracemillError("input_invalid", `${path} is not a file`);
  } catch (error) {
    if (error instanceof TracemillError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new TracemillError("not_found", `input file ${path} does not exist`);
    throw new TracemillError("io", `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
