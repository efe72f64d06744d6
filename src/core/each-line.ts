import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";

/**
 * Reads are decoded in slices of 64 KiB, so each decoded piece is an ordinary young-generation
 * string. A whole 1 MiB read would decode to a large-object string that only a full collection
 * frees: a 47 MB log then grew the old generation by its whole size and kept the concurrent
 * marker busy.
 */
const decodeSliceBytes = 1 << 16;

export interface EachLineOptions {
  /** Sees every raw chunk as read (to hash the file in the same pass). */
  onChunk?: (chunk: Buffer) => void;
  /** Read size (default 1 MiB): large reads mean few awaits (one per ~10,000 recorder lines). */
  chunkBytes?: number;
}

/** One line of a text file, numbered from 1, without its line ending. */
export interface NumberedLine {
  line: number;
  text: string;
}

/**
 * The one line splitter under `eachLine` and `lineBatches`. Lines end at `\n`; a `\r` before it
 * is dropped. The last line counts even without a final newline; an empty file has no lines.
 * UTF-8 characters split across reads are decoded whole.
 */
function createSplitter(emit: (text: string, line: number) => void) {
  const decoder = new StringDecoder("utf8");
  // Text after the last newline seen, kept in pieces so a very long line is joined once.
  let pending: string[] = [];
  let line = 0;
  const numbered = (text: string) => {
    line += 1;
    emit(text.endsWith("\r") ? text.slice(0, -1) : text, line);
  };
  const take = (text: string) => {
    let newline = text.indexOf("\n");
    if (newline === -1) {
      if (text.length > 0) pending.push(text);
      return;
    }
    numbered(
      pending.length > 0 ? pending.join("") + text.slice(0, newline) : text.slice(0, newline),
    );
    pending = [];
    let start = newline + 1;
    newline = text.indexOf("\n", start);
    while (newline !== -1) {
      numbered(text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    if (start < text.length) pending.push(text.slice(start));
  };
  return {
    read(bytes: Buffer) {
      for (let offset = 0; offset < bytes.length; offset += decodeSliceBytes)
        take(decoder.write(bytes.subarray(offset, offset + decodeSliceBytes)));
    },
    end(): number {
      const last = pending.join("") + decoder.end();
      pending = [];
      if (last.length > 0) numbered(last);
      return line;
    },
  };
}

/**
 * Calls `onLine` for every line of a file, numbered from 1, and returns the number of lines:
 * one await per read rather than one per line (readline's async iterator costs a promise and a
 * regular expression per line, more than the JSON parse of a short JSONL record), and nothing
 * allocated per line beyond its text (the screen reader's hot path). An error thrown by
 * `onLine` stops the read and is thrown to the caller.
 */
export async function eachLine(
  path: string,
  onLine: (text: string, line: number) => void,
  options: EachLineOptions = {},
): Promise<number> {
  const splitter = createSplitter(onLine);
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  try {
    for await (const chunk of stream) {
      options.onChunk?.(chunk as Buffer);
      splitter.read(chunk as Buffer);
    }
    return splitter.end();
  } finally {
    stream.destroy();
  }
}

/**
 * The same lines as `eachLine`, as one batch per read, for callers that `for await` (the next
 * read waits until the batch is taken). A read that ends inside a line yields no batch.
 */
export async function* lineBatches(
  path: string,
  options: EachLineOptions = {},
): AsyncGenerator<NumberedLine[]> {
  let batch: NumberedLine[] = [];
  const splitter = createSplitter((text, line) => {
    batch.push({ line, text });
  });
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  try {
    for await (const chunk of stream) {
      options.onChunk?.(chunk as Buffer);
      splitter.read(chunk as Buffer);
      if (batch.length > 0) {
        const full = batch;
        batch = [];
        yield full;
      }
    }
    splitter.end();
    if (batch.length > 0) yield batch;
  } finally {
    stream.destroy();
  }
}
