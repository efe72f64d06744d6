import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createNearDuplicateIndex,
  createNearDuplicateTable,
  estimatedJaccard,
  minHashSignature,
  shingleHashes,
} from "./near-duplicate-index.js";
import { createFileSignatureStore } from "./signature-store.js";
import { fnv1a32, mix32, normalizedWordHashes, normalizedWords } from "./text-hash.js";

const words = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, index) => `${prefix}${index}`).join(" ");

describe("shingle hashes", () => {
  it("roll forward to exactly the polynomial of each five-word window", () => {
    const hashes = Array.from({ length: 40 }, (_, index) => mix32(index * 7919 + 1));
    const direct = (window: number[]) => {
      let value = 0;
      for (const hash of window) value = (Math.imul(value, 0x01000193) + hash) | 0;
      return mix32(value ^ 0x9747b28c);
    };
    const expected = Array.from({ length: 36 }, (_, start) =>
      direct(hashes.slice(start, start + 5)),
    );
    expect(shingleHashes(hashes)).toEqual(expected);
    // A window's hash depends on its words only, wherever it sits.
    expect(shingleHashes([9, ...hashes.slice(10, 15)])[1]).toBe(expected[10]);
    expect(shingleHashes(hashes.slice(0, 3))).toEqual([direct(hashes.slice(0, 3))]);
    expect(shingleHashes([])).toEqual([]);
  });
});

describe("MinHash signatures", () => {
  it("are deterministic and ignore case and punctuation", () => {
    const left = minHashSignature("The quick brown fox, jumps over the lazy dog!");
    const right = minHashSignature("the quick brown fox jumps over the lazy dog");
    expect(left).toEqual(right);
    expect(minHashSignature("   ")).toBeUndefined();
  });

  it("estimate Jaccard close to the true value", () => {
    // 200 words, 10 changed at the end: ~186 shared 5-shingles of ~206 distinct → J ≈ 0.9.
    const base = words(200, "w");
    const changed = `${words(190, "w")} ${words(10, "x")}`;
    const estimate = estimatedJaccard(minHashSignature(base)!, minHashSignature(changed)!);
    expect(estimate).toBeGreaterThan(0.75);
    expect(estimate).toBeLessThan(1);
    const unrelated = estimatedJaccard(minHashSignature(base)!, minHashSignature(words(200, "z"))!);
    expect(unrelated).toBeLessThan(0.1);
  });
});

describe("createNearDuplicateIndex", () => {
  it("returns the earlier id for a near duplicate and adds only new texts", () => {
    const index = createNearDuplicateIndex(0.8);
    const base = words(300, "w");
    expect(index.check("a", base)).toBeUndefined();
    expect(index.check("b", `${base} trailing`)).toBe("a");
    expect(index.size).toBe(1);
    expect(index.check("c", words(300, "q"))).toBeUndefined();
    expect(index.size).toBe(2);
  });

  it("reports the earliest match when several earlier texts qualify", () => {
    const index = createNearDuplicateIndex(0.5);
    const base = words(300, "w");
    index.add("first", base);
    index.add("second", `${base} extra`);
    expect(index.find(`${base} more`)).toBe("first");
  });

  it("respects the threshold", () => {
    const strict = createNearDuplicateIndex(1);
    strict.add("a", words(100, "w"));
    expect(strict.find(`${words(95, "w")} ${words(5, "x")}`)).toBeUndefined();
    expect(strict.find(words(100, "w").toUpperCase())).toBe("a");
  });

  it("refuses thresholds outside (0, 1]", () => {
    expect(() => createNearDuplicateIndex(0)).toThrow(RangeError);
    expect(() => createNearDuplicateIndex(1.5)).toThrow(RangeError);
  });

  it("handles texts shorter than one shingle", () => {
    const index = createNearDuplicateIndex(0.9);
    expect(index.check("a", "hi there")).toBeUndefined();
    expect(index.check("b", "Hi, there.")).toBe("a");
    expect(index.check("c", "hello there")).toBeUndefined();
  });
});

describe("normalizedWordHashes", () => {
  it("hashes exactly the words normalizedWords finds", () => {
    const texts = [
      "The quick brown fox, jumps over the lazy dog!",
      "Ünïcödé wörds — naïve café; 東京 タワー 2024",
      "emoji 😀 between words and 𝒜𝓈𝓉𝓇𝒶𝓁 letters",
      "  tabs\tand\nnewlines  ",
      "",
    ];
    for (const text of texts) {
      expect(normalizedWordHashes(text)).toEqual(
        normalizedWords(text).map((word) => fnv1a32(word)),
      );
    }
  });
});

describe("MinHash estimates on average", () => {
  const shingles = (text: string) => {
    const tokens = normalizedWords(text);
    const set = new Set<string>();
    for (let start = 0; start + 5 <= tokens.length; start++)
      set.add(tokens.slice(start, start + 5).join(" "));
    return set;
  };
  const jaccard = (left: Set<string>, right: Set<string>) => {
    let both = 0;
    for (const item of left) if (right.has(item)) both++;
    return both / (left.size + right.size - both);
  };

  it("track the true Jaccard similarity of the shingle sets", () => {
    for (const changed of [2, 10, 30]) {
      const errors: number[] = [];
      const truths: number[] = [];
      for (let sample = 0; sample < 60; sample++) {
        const base = Array.from({ length: 150 }, (_, index) => `w${sample}x${index}`);
        const other = base.map((word, index) =>
          index % Math.floor(150 / changed) === 0 ? `c${sample}y${index}` : word,
        );
        const truth = jaccard(shingles(base.join(" ")), shingles(other.join(" ")));
        const left = minHashSignature(base.join(" "));
        const right = minHashSignature(other.join(" "));
        if (!left || !right) throw new Error("signature expected");
        errors.push(estimatedJaccard(left, right) - truth);
        truths.push(truth);
      }
      const bias = errors.reduce((sum, error) => sum + error, 0) / errors.length;
      const spread = Math.sqrt(
        errors.reduce((sum, error) => sum + error * error, 0) / errors.length,
      );
      expect(Math.abs(bias), `bias with ${changed} changed words`).toBeLessThan(0.05);
      expect(spread, `rms error with ${changed} changed words`).toBeLessThan(0.12);
    }
  });
});

describe("near-duplicate index across pages", () => {
  it("finds the earliest near copy wherever it sits, past several storage pages and head-table rebuilds", () => {
    const index = createNearDuplicateIndex(0.8);
    const text = (n: number) =>
      Array.from({ length: 30 }, (_, word) => `w${mix32(n * 31 + word) % 100000}`).join(" ");
    const count = 40_000;
    for (let n = 0; n < count; n++) index.add(`row-${n}`, text(n));
    expect(index.size).toBe(count);
    for (const n of [0, 16_383, 16_384, 32_768, count - 1]) {
      // Same words, one changed at the end: Jaccard of the shingle sets 25/27.
      const near = text(n).replace(/w\d+$/, "changed");
      expect(index.find(near)).toBe(`row-${n}`);
    }
    expect(index.find(text(count + 5))).toBeUndefined();
    // A second copy of an early row is reported as that row, not as itself.
    expect(index.check("again", text(7))).toBe("row-7");
  });
});

describe("near-duplicate table", () => {
  const text = (n: number) =>
    Array.from({ length: 30 }, (_, word) => `w${mix32(n * 31 + word) % 100000}`).join(" ");
  const signature = (value: string) => minHashSignature(value) as Uint8Array;

  it("keeps groups apart: a text matches only rows of its own group", () => {
    const table = createNearDuplicateTable(0.8);
    expect(table.add(signature(text(1)), 0)).toBe(0);
    expect(table.add(signature(text(2)), 1)).toBe(1);
    expect(table.add(signature(text(1)), 2)).toBe(2);
    expect(table.find(signature(text(1)), 0)).toBe(0);
    expect(table.find(signature(text(1)), 1)).toBeUndefined();
    expect(table.find(signature(text(1)), 2)).toBe(2);
    expect(table.find(signature(text(2)), 1)).toBe(1);
    expect(() => table.add(signature(text(3)), 256)).toThrow(RangeError);
  });

  it("gives a text without words a position that never matches", () => {
    const table = createNearDuplicateTable(0.5);
    expect(table.add(undefined)).toBe(0);
    expect(table.add(signature(text(5)))).toBe(1);
    expect(table.find(signature(text(5)))).toBe(1);
    expect(table.find(new Uint8Array(64))).toBeUndefined();
  });

  it("answers the same from a signature file as from memory, across rebuilds and groups", async () => {
    const folder = await mkdtemp(join(tmpdir(), "near-duplicate-table-"));
    try {
      const inMemory = createNearDuplicateTable(0.8);
      const onDisk = createNearDuplicateTable(0.8, {
        signatures: createFileSignatureStore(64, { directory: folder, bufferRows: 1000 }),
      });
      // Every seventh row repeats an earlier text, so both tables also hold near copies.
      const rows = Array.from({ length: 20_000 }, (_, n) => ({
        value: text(n % 7 === 6 ? n - 3000 : n),
        group: n % 3,
      }));
      for (const { value, group } of rows) {
        expect(onDisk.add(signature(value), group)).toBe(inMemory.add(signature(value), group));
      }
      let matched = 0;
      for (let n = 0; n < 24_000; n += 37) {
        const query = signature(text(n).replace(/w\d+$/, "changed"));
        for (const group of [0, 1, 2]) {
          const expected = inMemory.find(query, group);
          if (expected !== undefined) matched += 1;
          expect(onDisk.find(query, group)).toBe(expected);
        }
      }
      expect(matched).toBeGreaterThan(400);
      onDisk.close();
      expect(await readdir(folder)).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
