import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";

export interface EachLineOptions {
  /** Sees every raw chunk as read (to hash the file in the same pass). */
  onChunk?: (chunk: Buffer) => void;
  /** Read size; large chunks mean fewer awaits per line. */
  chunkBytes?: number;
}

/** One line of a text file, numbered from 1, without its line ending. */
export interface NumberedLine {
  line: number;
  text: string;
}

/**
 * The lines of a file, one batch per chunk read: one await per chunk rather than one per line
 * (readline's async iterator costs a promise and a regular expression per line, more than the
 * JSON parse of a short JSONL record). Lines end at `\n`; a `\r` before it is dropped. The last
 * line counts even without a final newline; an empty file has no lines. UTF-8 characters split
 * across chunks are decoded whole. A chunk that ends inside a line yields no batch.
 */
export async function* lineBatches(
  path: string,
  options: EachLineOptions = {},
): AsyncGenerator<NumberedLine[]> {
  const decoder = new StringDecoder("utf8");
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  // Text after the last newline seen, kept in pieces so a very long line is joined once.
  let pending: string[] = [];
  let line = 0;
  const numbered = (text: string): NumberedLine => {
    line += 1;
    return { line, text: text.endsWith("\r") ? text.slice(0, -1) : text };
  };
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      options.onChunk?.(bytes);
      const text = decoder.write(bytes);
      let newline = text.indexOf("\n");
      if (newline === -1) {
        if (text.length > 0) pending.push(text);
        continue;
      }
      const batch = [
        numbered(
          pending.length > 0 ? pending.join("") + text.slice(0, newline) : text.slice(0, newline),
        ),
      ];
      pending = [];
      let start = newline + 1;
      newline = text.indexOf("\n", start);
      while (newline !== -1) {
        batch.push(numbered(text.slice(start, newline)));
        start = newline + 1;
        newline = text.indexOf("\n", start);
      }
      if (start < text.length) pending.push(text.slice(start));
      yield batch;
    }
    const last = pending.join("") + decoder.end();
    if (last.length > 0) yield [numbered(last)];
  } finally {
    stream.destroy();
  }
}

/**
 * Calls `onLine` for every line of a file (as `lineBatches` splits them) and returns the number
 * of lines. An error thrown by `onLine` stops the read and is thrown to the caller.
 */
export async function eachLine(
  path: string,
  onLine: (text: string, line: number) => void,
  options: EachLineOptions = {},
): Promise<number> {
  let count = 0;
  for await (const batch of lineBatches(path, options)) {
    for (const { line, text } of batch) onLine(text, line);
    count = batch.at(-1)?.line ?? count;
  }
  return count;
}
