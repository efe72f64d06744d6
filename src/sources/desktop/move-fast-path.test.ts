import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DesktopKeyMapper } from "./desktop-key-mapper.js";
import { InputLogParser } from "./input-log-parser.js";

/** Parses lines with a fresh parser and returns what a caller sees (events, warnings, bounds). */
function parse(lines: string[]) {
  const parser = new InputLogParser(
    "input_log.jsonl",
    "input_log.jsonl",
    new DesktopKeyMapper("us", true),
  );
  for (const [index, text] of lines.entries()) parser.line(text, index + 1);
  return parser.finish();
}

const moveLine = (x: string, y: string, time: string) =>
  `{"data":{"x":${x},"y":${y}},"event":"mousemove","time":${time}}`;
/** The same record spelled with a space, so it cannot take the fast path. */
const spacedLine = (x: string, y: string, time: string) =>
  `{"data": {"x":${x},"y":${y}},"event":"mousemove","time":${time}}`;

const coordinate = fc
  .oneof(fc.integer({ min: -5000, max: 5000 }), fc.double({ min: -5000, max: 5000, noNaN: true }))
  .map((value) => JSON.stringify(value));

describe("the mousemove fast path", () => {
  it("reads every recorder move exactly as JSON.parse would", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(coordinate, coordinate, fc.integer({ min: 0, max: 5000 })), {
          minLength: 1,
          maxLength: 40,
        }),
        (moves) => {
          let time = 1_755_517_898_490;
          const fast: string[] = [];
          const slow: string[] = [];
          for (const [x, y, step] of moves) {
            time += step;
            fast.push(moveLine(x, y, String(time)));
            slow.push(spacedLine(x, y, String(time)));
          }
          expect(parse(fast)).toEqual(parse(slow));
        },
      ),
    );
  });

  it("leaves other spellings to the JSON path: exponents, -0, key order, extra fields", () => {
    const lines = [
      moveLine("1.5e2", "-0", "1755517898490"),
      '{"event":"mousemove","data":{"x":10,"y":20},"time":1755517898500}',
      '{"data":{"x":11,"y":21,"extra":true},"event":"mousemove","time":1755517898510}',
      moveLine("12", "22", "1755517898520"),
    ];
    const spaced = lines.map((line) => line.replace('{"data":', '{"data": '));
    const fast = parse(lines);
    expect(fast).toEqual(parse(spaced));
    expect(fast.counts.mousemove).toBe(4);
    expect(fast.warnings).toEqual([]);
  });

  it("refuses what is not a JSON number, like the JSON path does", () => {
    for (const bad of ["01", "1.", ".5", "+1", "0x10", "Infinity", "1e"]) {
      const result = parse([moveLine(bad, "1", "1755517898490")]);
      expect(result.warnings.map((warning) => warning.code)).toEqual(["bad_json"]);
      expect(result.warnings[0]?.line).toBe(1);
    }
  });

  it("still refuses a coordinate off any display, naming the line", () => {
    expect(() => parse(["", moveLine("1e308", "1", "1755517898490")])).toThrow(
      /input_log\.jsonl:2/,
    );
  });
});
