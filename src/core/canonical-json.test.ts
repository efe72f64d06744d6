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

  it("matches a plain recursive reference on any JSON tree, integer-like keys and undefined included", () => {
    const reference = (value: unknown): string => {
      if (Array.isArray(value))
        return `[${value.map((item) => (item === undefined ? "null" : reference(item))).join(",")}]`;
      if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>)
          .filter(([, member]) => member !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${reference(member)}`).join(",")}}`;
      }
      return JSON.stringify(value);
    };
    const key = fc.oneof(
      fc.constantFrom("10", "9", "0", "a", "B", "é", "", "a1", "-1"),
      fc.string(),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.jsonValue({ maxDepth: 1 }),
        fc.constant(undefined),
        fc.array(tie("node"), { maxLength: 4 }),
        fc.dictionary(key, tie("node"), { maxKeys: 5 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, tree, { maxKeys: 6 }), (record) => {
        expect(canonicalJson(record)).toBe(reference(record));
      }),
      { numRuns: 500 },
    );
  });

  it("takes the general path for Dates, toJSON and bigint, with the same text", () => {
    const when = new Date("2026-01-02T03:04:05.000Z");
    expect(canonicalJson({ b: when, a: 1n, c: { toJSON: () => ({ y: 2, x: 1 }) } })).toBe(
      '{"a":1,"b":"2026-01-02T03:04:05.000Z","c":{"x":1,"y":2}}',
    );
    expect(() => canonicalJson({ a: [() => 1] })).toThrowError(/\$\.a\[0\]/);
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
