import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, canonicalObjectJson, sameCanonicalJson } from "./canonical-json.js";
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

  it("writes an own __proto__ key like any other, whatever the key order", () => {
    // Such keys come from JSON.parse; assigning one to a sorted copy would set a prototype instead.
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":{"x":2}}'))).toBe(
      '{"__proto__":{"x":2},"b":1}',
    );
    expect(canonicalJson(JSON.parse('{"c":{"z":1,"__proto__":[]},"a":0}'))).toBe(
      '{"a":0,"c":{"__proto__":[],"z":1}}',
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
      fc.constantFrom("10", "9", "0", "a", "B", "é", "", "a1", "-1", "__proto__"),
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

const jsonKey = fc.oneof(
  fc.constantFrom("10", "9", "a", "B", "é", "", "toString", "__proto__", "messages"),
  fc.string(),
);
const hasProtoKey = (value: unknown): boolean =>
  value !== null &&
  typeof value === "object" &&
  Object.entries(value).some(([key, member]) => key === "__proto__" || hasProtoKey(member));
const jsonTree = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    fc.jsonValue({ maxDepth: 1 }),
    fc.constant(undefined),
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(jsonKey, tie("node"), { maxKeys: 5 }),
  ),
})).node;

describe("canonicalObjectJson", () => {
  it("writes what canonicalJson writes, whichever members' texts are given", () => {
    fc.assert(
      fc.property(
        fc.dictionary(jsonKey, jsonTree, { maxKeys: 6 }),
        fc.func(fc.boolean()),
        (record, pick) => {
          const known = Object.fromEntries(
            Object.entries(record)
              .filter(([key, member]) => member !== undefined && pick(key))
              .map(([key, member]) => [key, canonicalJson(member)]),
          );
          expect(canonicalObjectJson(record, known)).toBe(canonicalJson(record));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("names the full path of a bad value, as canonicalJson does", () => {
    expect(() => canonicalObjectJson({ a: { b: Number.NaN } }, {})).toThrowError(/\$\.a\.b/);
  });
});

describe("sameCanonicalJson", () => {
  /** A copy with some object keys dropped and some members set to undefined, as a validator may. */
  const strippedCopy = (value: unknown, drop: (key: string) => boolean): unknown => {
    if (Array.isArray(value)) return value.map((item) => strippedCopy(item, drop));
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !drop(key))
        .map(([key, member]) => [key, strippedCopy(member, drop)]),
    );
  };

  it("answers true exactly when the copy's canonical JSON is the original's", () => {
    fc.assert(
      fc.property(jsonTree, fc.func(fc.boolean()), (tree, drop) => {
        const copy = strippedCopy(tree, drop);
        let same: boolean;
        try {
          same = canonicalJson(copy) === canonicalJson(tree);
        } catch {
          return; // trees canonicalJson refuses (a bare undefined) are outside the contract
        }
        // An own "__proto__" key always answers false: safe, the caller just serialises again.
        const answer = sameCanonicalJson(tree, copy);
        if (hasProtoKey(tree)) expect(answer && !same).toBe(false);
        else expect(answer).toBe(same);
      }),
      { numRuns: 1000 },
    );
  });

  it("answers false for values that are not plain JSON", () => {
    const when = new Date(0);
    expect(sameCanonicalJson({ at: when }, { at: when })).toBe(false);
    expect(sameCanonicalJson([Number.NaN], [Number.NaN])).toBe(false);
    expect(sameCanonicalJson({ a: 1n }, { a: 1n })).toBe(false);
    expect(sameCanonicalJson({ a: { toJSON: () => 1 } }, { a: {} })).toBe(false);
  });
});

describe("sha256Hex", () => {
  it("matches the streaming hash on any text (lone surrogates included) and on bytes", () => {
    const streamed = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.uint8Array(), (text, bytes) => {
        expect(sha256Hex(text)).toBe(streamed(text));
        expect(sha256Hex(bytes)).toBe(streamed(bytes));
      }),
    );
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
