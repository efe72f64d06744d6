import { createReadStream } from "node:fs";
import { readFile, truncate } from "node:fs/promises";
import { TracemillError } from "../core/errors.js";

/** File primitives of a run folder: atomic JSON rewrites and JSONL reading with torn-tail repair. */

/** The one atomic JSON writer lives in src/core/files.ts; run folders use it too. */
export { writeJsonAtomic } from "../core/files.js";

/** Parsed JSON of a file, or undefined when it does not exist or does not parse. */
export async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as unknown;
  } catch {
    return undefined;
  }
}

export interface JsonlScan {
  /** Lines that parsed, in order, with their 1-based line numbers. */
  lines: { value: unknown; line: number }[];
  /** Set when the last line was torn (no trailing newline or unparsable) and has been cut off. */
  truncated?: { line: number; bytes: number };
}

/**
 * Reads a JSONL file line by line. A torn last line — what a killed process leaves behind — is
 * truncated away so the next append starts on a clean line; an unparsable line in the middle is
 * corruption and refused. A missing file scans as empty.
 */
export async function scanJsonl(path: string, options: { repair: boolean }): Promise<JsonlScan> {
  const lines: JsonlScan["lines"] = [];
  let pending: Buffer[] = [];
  let offset = 0;
  let lineNumber = 0;
  let badLine: { line: number; start: number } | undefined;
  const acceptLine = (bytes: Buffer, start: number) => {
    lineNumber += 1;
    if (badLine) {
      throw new TracemillError("input_invalid", `${path}:${badLine.line}: not valid JSON`);
    }
    try {
      lines.push({ value: JSON.parse(bytes.toString("utf8")) as unknown, line: lineNumber });
    } catch {
      badLine = { line: lineNumber, start };
    }
  };
  try {
    for await (const chunk of createReadStream(path)) {
      const buffer = chunk as Buffer;
      let start = 0;
      for (let index = buffer.indexOf(10); index !== -1; index = buffer.indexOf(10, start)) {
        const piece = buffer.subarray(start, index);
        const line = pending.length > 0 ? Buffer.concat([...pending, piece]) : piece;
        acceptLine(line, offset);
        offset += line.length + 1;
        pending = [];
        start = index + 1;
      }
      if (start < buffer.length) pending.push(Buffer.from(buffer.subarray(start)));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { lines };
    throw error;
  }
  const tailBytes = pending.reduce((sum, piece) => sum + piece.length, 0);
  let keepBytes: number | undefined;
  let tornLine = 0;
  if (badLine) {
    keepBytes = badLine.start;
    tornLine = badLine.line;
  } else if (tailBytes > 0) {
    keepBytes = offset;
    tornLine = lineNumber + 1;
  }
  if (keepBytes === undefined) return { lines };
  const totalBytes = offset + tailBytes;
  if (options.repair) await truncate(path, keepBytes);
  return { lines, truncated: { line: tornLine, bytes: totalBytes - keepBytes } };
}
