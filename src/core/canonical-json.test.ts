import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";
import { TracemillError } from "./errors.js";
import { deterministicId, sha256Hex } from "./hash.js";

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops whitespace and undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: "é" }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"x":"é","z":1}]},"b":1}',
    );
  });

  it("gives the same text whatever the key insertion order", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
        expect(JSON.parse(canonicalJson(record))).toEqual(JSON.parse(JSON.stringify(record)));
      }),
    );
  });

  it("refuses non-finite numbers with the path that holds them", () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrowError(TracemillError);
    expect(() => canonicalJson({ a: [1, Number.POSITIVE_INFINITY] })).toThrowError(/\$\.a\[1\]/);
  });
});

describe("deterministicId", () => {
  it("is stable across key order and differs when a defining field changes", () => {
    const first = deterministicId("trace", { file: "a.jsonl", sha256: "00", index: 1 });
    expect(deterministicId("trace", { index: 1, sha256: "00", file: "a.jsonl" })).toBe(first);
    expect(deterministicId("trace", { file: "a.jsonl", sha256: "00", index: 2 })).not.toBe(first);
    expect(first).toMatch(/^trace_[0-9a-f]{24}$/);
  });

  it("hashes with sha256", () => {
    expect(sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});
