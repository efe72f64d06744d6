import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deterministicId } from "../../core/hash.js";
import { CompactIdList, FingerprintSet } from "./compact-ids.js";

describe("CompactIdList", () => {
  it("gives back every id by position, packed or not", () => {
    const list = new CompactIdList();
    const ids = Array.from({ length: 5000 }, (_, index) => deterministicId("sft", { index }));
    ids.splice(10, 0, "custom id", "rag_0123456789abcdef01234567", "sft_short");
    for (const id of ids) list.push(id);
    expect(list.length).toBe(ids.length);
    ids.forEach((id, position) => {
      expect(list.get(position)).toBe(id);
    });
    expect(list.get(-1)).toBeUndefined();
    expect(list.get(ids.length)).toBeUndefined();
  });

  it("round-trips arbitrary strings", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 50 }), (ids) => {
        const list = new CompactIdList();
        for (const id of ids) list.push(id);
        expect(ids.map((_, position) => list.get(position))).toEqual(ids);
      }),
    );
  });
});

describe("FingerprintSet", () => {
  it("behaves as a set of strings through growth", () => {
    const set = new FingerprintSet();
    const reference = new Set<string>();
    for (let index = 0; index < 20_000; index++) {
      const id = `record_${index % 15_000}`;
      expect(set.add(id)).toBe(!reference.has(id));
      reference.add(id);
    }
    expect(set.size).toBe(15_000);
    expect(set.has("record_14999")).toBe(true);
    expect(set.has("record_15000")).toBe(false);
  });
});
