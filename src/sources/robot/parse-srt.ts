import type { SourceWarning } from "../types.js";
import type { TranscriptLine } from "./episode.js";

/**
 * SubRip (.srt) transcripts as the study recorder writes them, read tolerantly: CRLF or LF, a
 * comma or a dot before the milliseconds, optional hours, cues not separated by blank lines, a
 * missing index line. A cue that cannot be read becomes a warning naming the line; the rest is kept.
 */
export interface SrtParseResult {
  lines: TranscriptLine[];
  warnings: SourceWarning[];
}

const timestamp = String.raw`(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?`;
const timingPattern = new RegExp(String.raw`^\s*${timestamp}\s*-->\s*${timestamp}`);
const looseTimingPattern = /-->/;
const indexPattern = /^\s*\d+\s*$/;

export function parseSrt(text: string, file = "transcript.srt"): SrtParseResult {
  const rows = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const lines: TranscriptLine[] = [];
  const warnings: SourceWarning[] = [];
  const warn = (line: number, message: string) =>
    warnings.push({ code: "srt_invalid", message: `${file}:${line}: ${message}`, file, line });

  let row = 0;
  while (row < rows.length) {
    const current = rows[row] ?? "";
    if (current.trim() === "") {
      row += 1;
      continue;
    }
    // A cue starts with an optional index line followed by a timing line.
    const hasIndex = indexPattern.test(current) && isTiming(rows[row + 1]);
    const timingRow = hasIndex ? row + 1 : row;
    const timingLine = rows[timingRow] ?? "";
    const timing = timingPattern.exec(timingLine);
    if (timing === null) {
      const unreadableTiming = looseTimingPattern.test(timingLine);
      const at = unreadableTiming ? timingRow : row;
      row = skipBlock(rows, row);
      warn(
        at + 1,
        unreadableTiming
          ? `unreadable timing line "${timingLine.trim().slice(0, 80)}"`
          : `text without a timing line ("${current.trim().slice(0, 80)}"), skipped`,
      );
      continue;
    }
    const start_s = seconds(timing, 1);
    const end_s = seconds(timing, 5);
    const textRows: string[] = [];
    row = timingRow + 1;
    while (row < rows.length && (rows[row] ?? "").trim() !== "" && !startsCue(rows, row)) {
      textRows.push((rows[row] ?? "").trim());
      row += 1;
    }
    if (end_s < start_s) {
      warn(timingRow + 1, `cue ends (${end_s}s) before it starts (${start_s}s), skipped`);
      continue;
    }
    const index = hasIndex ? Number(current.trim()) : lines.length + 1;
    lines.push({ index, start_s, end_s, text: textRows.join("\n") });
  }
  return { lines, warnings };
}

function isTiming(line: string | undefined): boolean {
  return line !== undefined && looseTimingPattern.test(line);
}

function startsCue(rows: string[], row: number): boolean {
  const line = rows[row] ?? "";
  if (timingPattern.test(line)) return true;
  return indexPattern.test(line) && timingPattern.test(rows[row + 1] ?? "");
}

function skipBlock(rows: string[], from: number): number {
  let row = from + 1;
  while (row < rows.length && (rows[row] ?? "").trim() !== "" && !startsCue(rows, row)) row += 1;
  return row;
}

function seconds(match: RegExpExecArray, first: number): number {
  const hours = Number(match[first] ?? 0);
  const minutes = Number(match[first + 1]);
  const wholeSeconds = Number(match[first + 2]);
  const millis = Number((match[first + 3] ?? "0").padEnd(3, "0"));
  return Math.round((hours * 3600 + minutes * 60 + wholeSeconds + millis / 1000) * 1000) / 1000;
}
