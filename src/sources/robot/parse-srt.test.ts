import { describe, expect, it } from "vitest";
import { parseSrt } from "./parse-srt.js";

describe("parseSrt", () => {
  it("reads well-formed cues with comma milliseconds", () => {
    const { lines, warnings } = parseSrt(
      "1\n00:00:01,500 --> 00:00:02,250\nturn left now\n\n2\n00:01:02,000 --> 01:00:00,001\ntwo\nlines\n",
    );
    expect(warnings).toEqual([]);
    expect(lines).toEqual([
      { index: 1, start_s: 1.5, end_s: 2.25, text: "turn left now" },
      { index: 2, start_s: 62, end_s: 3600.001, text: "two\nlines" },
    ]);
  });

  it("tolerates CRLF, dot milliseconds, a BOM, missing blank lines and missing index lines", () => {
    const text =
      "\uFEFF1\r\n00:00:00.100 --> 00:00:00.900\r\nfirst\r\n2\r\n00:00:01.000 --> 00:00:01.5\r\nsecond\r\n00:00:02,000 --> 00:00:03,000\r\nthird";
    const { lines, warnings } = parseSrt(text);
    expect(warnings).toEqual([]);
    expect(lines.map((line) => [line.index, line.start_s, line.end_s, line.text])).toEqual([
      [1, 0.1, 0.9, "first"],
      [2, 1, 1.5, "second"],
      [3, 2, 3, "third"],
    ]);
  });

  it("turns a bad block into a warning naming the line and keeps the others", () => {
    const text =
      "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:xx --> 00:00:03,000\nbroken\n\nstray text\n\n3\n00:00:05,000 --> 00:00:04,000\nbackwards\n\n4\n00:00:06,000 --> 00:00:07,000\nalso ok\n";
    const { lines, warnings } = parseSrt(text, "ep.srt");
    expect(lines.map((line) => line.text)).toEqual(["ok", "also ok"]);
    expect(warnings.map((warning) => warning.line)).toEqual([6, 9, 12]);
    expect(warnings[0]?.message).toContain("ep.srt:6: unreadable timing line");
    expect(warnings[1]?.message).toContain("text without a timing line");
    expect(warnings[2]?.message).toContain("ends (4s) before it starts (5s)");
  });

  it("returns nothing for an empty file", () => {
    expect(parseSrt("\n\n")).toEqual({ lines: [], warnings: [] });
  });
});
