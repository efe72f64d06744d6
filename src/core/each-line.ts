import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";

const decodeSliceBytes = 1 << 16;

export interface EachLineOptions {
  /** Sees every raw chunk as read (to hash the file in the same pass). */
  onChunk?: (chunk: Buffer) => void;
  /** Read size (default 1 MiB): large reads mean few awaits (one per ~10,000 recorder lines). */
  chunkBytes?: number;
}

/**
 * Calls `onLine` for every line of a file, numbered from 1, with one await per chunk rather
 * than one per line (readline's async iterator costs a promise and a regular expression per
 * line, more than the JSON parse of a short JSONL record). Lines end at `\n`; a `\r` before it
 * is dropped. The last line counts even without a final newline; an empty file has no lines.
 * UTF-8 characters split across chunks are decoded whole. An error thrown by `onLine` stops
 * the read and is thrown to the caller.
 */
export async function eachLine(
  path: string,
  onLine: (text: string, line: number) => void,
  options: EachLineOptions = {},
): Promise<number> {
  const decoder = new StringDecoder("utf8");
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  // Text after the last newline seen, kept in pieces so a very long line is joined once.
  let pending: string[] = [];
  let line = 0;
  const emit = (text: string) => {
    line += 1;
    onLine(text.endsWith("\r") ? text.slice(0, -1) : text, line);
  };
  const take = (text: string) => {
    let newline = text.indexOf("\n");
    if (newline === -1) {
      if (text.length > 0) pending.push(text);
      return;
    }
    emit(pending.length > 0 ? pending.join("") + text.slice(0, newline) : text.slice(0, newline));
    pending = [];
    let start = newline + 1;
    newline = text.indexOf("\n", start);
    while (newline !== -1) {
      emit(text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    if (start < text.length) pending.push(text.slice(start));
  };
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      options.onChunk?.(bytes);
      // Decoded in slices of 64 KiB: each is an ordinary young-generation string. A whole 1 MiB
      // chunk would decode to a large-object string that only a full collection frees, so a
      // 47 MB log grew the old generation by its whole size and kept the concurrent marker busy.
      for (let offset = 0; offset < bytes.length; offset += decodeSliceBytes)
        take(decoder.write(bytes.subarray(offset, offset + decodeSliceBytes)));
    }
    const last = pending.join("") + decoder.end();
    if (last.length > 0) emit(last);
  } finally {
    stream.destroy();
  }
  return line;
}
