import { createReadStream } from "node:fs";

/** One line of a JSONL file with where it sits, so a record can be re-read or reported later. */
export interface JsonlLine {
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's first byte and its length without the newline. */
  offset: number;
  length: number;
  text: string;
}

/**
 * Streams the non-blank lines of a file with their byte offsets. Splitting on the newline byte
 * (not on decoded characters) keeps offsets exact for multi-byte UTF-8, which the evidence index
 * relies on to read one line back with a single positioned read.
 */
export async function* readJsonlLines(path: string): AsyncGenerator<JsonlLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let offset = 0;
  let line = 0;
  const emit = (bytes: Buffer, start: number): JsonlLine | undefined => {
    line += 1;
    const trimmedEnd =
      bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    const text = bytes.subarray(0, trimmedEnd).toString("utf8");
    if (text.trim() === "") return undefined;
    return { line, offset: start, length: trimmedEnd, text };
  };
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    let start = 0;
    let newline = buffer.indexOf(0x0a, start);
    while (newline !== -1) {
      const piece = buffer.subarray(start, newline);
      const bytes = pendingBytes > 0 ? Buffer.concat([...pending, piece]) : piece;
      const lineStart = offset - pendingBytes;
      const result = emit(bytes, lineStart);
      offset += newline - start + 1;
      pending = [];
      pendingBytes = 0;
      if (result) yield result;
      start = newline + 1;
      newline = buffer.indexOf(0x0a, start);
    }
    if (start < buffer.length) {
      const rest = buffer.subarray(start);
      pending.push(rest);
      pendingBytes += rest.length;
      offset += rest.length;
    }
  }
  if (pendingBytes > 0) {
    const result = emit(Buffer.concat(pending), offset - pendingBytes);
    if (result) yield result;
  }
}

/** Parses one JSONL line into a plain object, or says why it cannot. */
export function parseJsonObject(
  text: string,
): { value: Record<string, unknown> } | { error: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return { error: "line is not a JSON object" };
    }
    return { value: value as Record<string, unknown> };
  } catch (error) {
    return { error: `unreadable JSON: ${(error as Error).message}` };
  }
}

/** The object lines of a JSONL file; each line that is not a JSON object becomes a warning. */
export async function* readJsonlObjects(
  path: string,
  shown: string,
  onWarning: (warning: { code: string; message: string; file: string; line: number }) => void,
): AsyncGenerator<JsonlLine & { value: Record<string, unknown> }> {
  for await (const line of readJsonlLines(path)) {
    const parsed = parseJsonObject(line.text);
    if ("error" in parsed) {
      onWarning({ code: "unreadable_json", message: parsed.error, file: shown, line: line.line });
      continue;
    }
    yield { ...line, value: parsed.value };
  }
}
