import { describe, expect, it } from "vitest";
import { codePointLength, encodeGuacamoleInstruction } from "./encode-guacamole-instruction.js";
import { GuacamoleParser, parseGuacamole } from "./guacamole-parser.js";

const enc = encodeGuacamoleInstruction;

describe("encodeGuacamoleInstruction", () => {
  it("counts code points, not UTF-16 units or bytes", () => {
    expect(enc("key", ["65307", "1"])).toBe("3.key,5.65307,1.1;");
    expect(enc("x", ["😀é", ""])).toBe("1.x,2.😀é,0.;");
    expect(codePointLength("a😀\ud800")).toBe(3);
  });
});

describe("parseGuacamole", () => {
  it("reads values holding separators, dots and newlines", () => {
    const text = `${enc("name", ["a,b;c.d\ne", "", "𝄞"])}${enc("sync", ["1000"])}`;
    const { value, warnings } = parseGuacamole(text);
    expect(warnings).toEqual([]);
    expect(value).toEqual([
      { opcode: "name", args: ["a,b;c.d\ne", "", "𝄞"], offset: 0 },
      {
        opcode: "sync",
        args: ["1000"],
        offset: codePointLength(enc("name", ["a,b;c.d\ne", "", "𝄞"])),
      },
    ]);
  });

  it("decodes a multi-byte character split across Buffer chunks", () => {
    const bytes = Buffer.from(enc("key", ["é😀"]));
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    expect(parseGuacamole(chunks).value).toEqual([{ opcode: "key", args: ["é😀"], offset: 0 }]);
  });

  it("holds a high surrogate back when a string chunk ends inside a pair", () => {
    const text = enc("a", ["😀😀"]);
    const cut = text.indexOf("😀") + 1;
    const result = parseGuacamole([text.slice(0, cut), text.slice(cut)]);
    expect(result.value[0]?.args).toEqual(["😀😀"]);
    expect(result.warnings).toEqual([]);
  });

  it("skips instructions outside the opcode filter without returning them", () => {
    const blob = "QUJD".repeat(250_000);
    const text = `${enc("blob", ["1", blob])}${enc("img", ["1", "14", "0", "image/png", "0", "0"])}${enc("sync", ["5"])}`;
    const parser = new GuacamoleParser({ opcodes: ["sync"] });
    const out = [
      ...parser.push(text.slice(0, 500_001)),
      ...parser.push(text.slice(500_001)),
      ...parser.end(),
    ];
    expect(out).toEqual([
      { opcode: "sync", args: ["5"], offset: text.length - enc("sync", ["5"]).length },
    ]);
    expect(parser.takeWarnings()).toEqual([]);
  });

  it("warns once for a malformed region and resynchronises at the next instruction", () => {
    const text = `${enc("sync", ["1"])}garbage,with;no length;${enc("sync", ["2"])}4.size,1.0x;${enc("sync", ["3"])}`;
    const { value, warnings } = parseGuacamole(text, { file: "s.guac" });
    expect(value.map((one) => one.args[0])).toEqual(["1", "2", "3"]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({ code: "guac_malformed", file: "s.guac", offset: 11 });
    expect(warnings[1]?.message).toMatch(/expected ',' or ';'/);
  });

  it("treats a length past the limit as corruption instead of swallowing the stream", () => {
    const text = `99999999999.x;${enc("sync", ["7"])}`;
    const { value, warnings } = parseGuacamole(text, { maxElementLength: 1000 });
    expect(value).toEqual([{ opcode: "sync", args: ["7"], offset: 14 }]);
    expect(warnings.map((one) => one.code)).toEqual(["guac_malformed"]);
  });

  it("reports a truncated last instruction as a warning", () => {
    const text = `${enc("sync", ["1"])}5.mouse,3.10`;
    const { value, warnings } = parseGuacamole(text);
    expect(value).toHaveLength(1);
    expect(warnings).toEqual([
      expect.objectContaining({
        code: "guac_truncated",
        offset: 11,
        message: expect.stringContaining('"mouse"'),
      }),
    ]);
  });

  it("tolerates whitespace between instructions, not inside them", () => {
    const { value, warnings } = parseGuacamole(`${enc("sync", ["1"])}\n${enc("sync", ["2"])}\n`);
    expect(value.map((one) => one.offset)).toEqual([0, 12]);
    expect(warnings).toEqual([]);
    expect(parseGuacamole("4.sync, 1.1;").warnings).toHaveLength(1);
  });
});
