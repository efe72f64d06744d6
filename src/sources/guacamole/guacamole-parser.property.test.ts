import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codePointLength, encodeGuacamoleInstruction } from "./encode-guacamole-instruction.js";
import { parseGuacamole } from "./guacamole-parser.js";

// Characters that break naive parsers: the protocol's own separators, newlines, astral-plane
// characters (two UTF-16 units, four UTF-8 bytes), two-byte Latin-1 and three-byte BMP.
const tricky = fc.constantFrom(",", ";", ".", "\n", "0", "9", "😀", "𝄞", "é", "€", " ");
const character = fc.oneof(tricky, fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));
const value = fc.string({ unit: character, maxLength: 12 });
const instruction = fc.record({ opcode: value, args: fc.array(value, { maxLength: 5 }) });
const instructions = fc.array(instruction, { maxLength: 15 });
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 });

/** Cut `whole` at fractional positions (any index: inside a pair, a multi-byte sequence, a length). */
function split<T extends string | Uint8Array>(whole: T, fractions: number[]): T[] {
  const points = fractions.map((f) => Math.floor(f * whole.length)).sort((a, b) => a - b);
  const pieces: T[] = [];
  let from = 0;
  for (const point of [...points, whole.length]) {
    pieces.push(whole.slice(from, point) as T);
    from = point;
  }
  return pieces;
}

function expected(list: { opcode: string; args: string[] }[]) {
  let offset = 0;
  return list.map(({ opcode, args }) => {
    const one = { opcode, args, offset };
    offset += codePointLength(encodeGuacamoleInstruction(opcode, args));
    return one;
  });
}

describe("Guacamole parser (property)", () => {
  it("parses encoded instructions back, whatever the string chunking", () => {
    fc.assert(
      fc.property(instructions, cuts, (list, fractions) => {
        const text = list.map((one) => encodeGuacamoleInstruction(one.opcode, one.args)).join("");
        const { value: parsed, warnings } = parseGuacamole(split(text, fractions));
        expect(warnings).toEqual([]);
        expect(parsed).toEqual(expected(list));
      }),
      { numRuns: 400 },
    );
  });

  it("parses encoded instructions back from bytes cut inside multi-byte characters", () => {
    fc.assert(
      fc.property(instructions, cuts, (list, fractions) => {
        const text = list.map((one) => encodeGuacamoleInstruction(one.opcode, one.args)).join("");
        const bytes = new Uint8Array(Buffer.from(text, "utf8"));
        const { value: parsed, warnings } = parseGuacamole(split(bytes, fractions));
        expect(warnings).toEqual([]);
        expect(parsed).toEqual(expected(list));
      }),
      { numRuns: 400 },
    );
  });

  it("returns exactly the filtered opcodes, with the same offsets", () => {
    const opcode = fc.constantFrom("sync", "mouse", "img", "blob", "key");
    const list = fc.array(fc.record({ opcode, args: fc.array(value, { maxLength: 4 }) }), {
      maxLength: 15,
    });
    fc.assert(
      fc.property(list, cuts, (items, fractions) => {
        const text = items.map((one) => encodeGuacamoleInstruction(one.opcode, one.args)).join("");
        const { value: parsed } = parseGuacamole(split(text, fractions), {
          opcodes: ["mouse", "key"],
        });
        const wanted = expected(items).filter(
          (one) => one.opcode === "mouse" || one.opcode === "key",
        );
        expect(parsed).toEqual(wanted);
      }),
    );
  });

  it("survives garbage with one warning and parses what follows", () => {
    const noSemicolon = fc.string({ unit: character.filter((c) => c !== ";"), maxLength: 40 });
    fc.assert(
      fc.property(noSemicolon, instructions, (garbage, list) => {
        const valid = list.map((one) => encodeGuacamoleInstruction(one.opcode, one.args)).join("");
        // A leading "x" guarantees the garbage cannot itself be a valid instruction prefix.
        const prefix = `x${garbage};`;
        const { value: parsed, warnings } = parseGuacamole(prefix + valid);
        expect(warnings.map((one) => one.code)).toEqual(["guac_malformed"]);
        const shift = codePointLength(prefix);
        expect(parsed).toEqual(
          expected(list).map((one) => ({ ...one, offset: one.offset + shift })),
        );
      }),
    );
  });
});
