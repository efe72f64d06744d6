import { createHash } from "node:crypto";
import { eachLine } from "../../core/each-line.js";
import type { DesktopKeyMapper } from "./desktop-key-mapper.js";
import { InputLogParser, type InputLogSummary, type WheelPlatform } from "./input-log-parser.js";

export interface ParseInputLogOptions {
  /** Path written in step origins (relative to the data folder). */
  originFile: string;
  /** Path written in warnings (as the user gave it). */
  warningFile: string;
  keys: DesktopKeyMapper;
  /** Decides the wheel's sign convention; default macOS (the recorder's platform). */
  platform?: WheelPlatform;
}

export interface ParsedInputLog extends InputLogSummary {
  /** The file's sha256 and size, hashed from the same stream (the log is read once). */
  sha256: string;
  bytes: number;
}

/** Streams an input log through the parser, one chunk at a time: memory stays flat whatever its size. */
export async function parseInputLog(
  path: string,
  options: ParseInputLogOptions,
): Promise<ParsedInputLog> {
  const parser = new InputLogParser(
    options.originFile,
    options.warningFile,
    options.keys,
    options.platform,
  );
  const hash = createHash("sha256");
  let bytes = 0;
  await eachLine(path, (text, line) => parser.line(text, line), {
    onChunk: (chunk) => {
      hash.update(chunk);
      bytes += chunk.length;
    },
  });
  return { ...parser.finish(), sha256: hash.digest("hex"), bytes };
}
