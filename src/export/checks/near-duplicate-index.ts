import { CompactIdList } from "./compact-ids.js";
import {
  createMemorySignatureStore,
  pageBits,
  pageMask,
  pageRows,
  type SignatureStore,
} from "./signature-store.js";
import { mix32, normalizedWordHashes } from "./text-hash.js";

/**
 * Near-duplicate detection: MinHash signatures (64 bins) of word 5-shingles (fixed seeds, so runs
 * are deterministic) with LSH banding to find candidates without comparing against every row.
 * 64 permutations in 8 bands of 8 rows: a pair at Jaccard 0.9 shares a band with p ≈ 0.99, one
 * at 0.5 with p ≈ 0.03. Candidates are confirmed by the signature estimate against the threshold.
 */
export interface NearDuplicateIndex {
  /** Id of the earliest added text whose estimated Jaccard with `text` is ≥ threshold. */
  find(text: string): string | undefined;
  add(id: string, text: string): void;
  /** `find`, then `add` when nothing was found; returns the earlier near-duplicate's id. */
  check(id: string, text: string): string | undefined;
  /** Frees the index and its signature store (its file, if any). */
  close(): void;
  readonly size: number;
}

const permutations = 64;
/** Bytes in a signature (b-bit MinHash: one byte per bin). */
export const signatureBytes = permutations;
const bands = 8;
const rowsPerBand = permutations / bands;
const shingleWords = 5;

/** Multiplier of the rolling shingle hash (odd, so no information is lost mod 2^32). */
const shingleBase = 0x01000193;
/** shingleBase^(shingleWords - 1) mod 2^32: the weight of a shingle's first word. */
const leavingFactor = Array.from({ length: shingleWords - 1 }).reduce<number>(
  (power) => Math.imul(power, shingleBase),
  1,
);

/** For each bin, the order in which densification visits other bins (fixed, so signatures are stable). */
const probeOrder = Array.from({ length: permutations }, (_, bin) =>
  Int32Array.from(
    { length: 4 * permutations },
    (_, attempt) => mix32(((bin + 1) * 0x9e3779b9) ^ (attempt + 1)) & (permutations - 1),
  ),
);
const binMinima = new Int32Array(permutations);
const binFilled = new Uint8Array(permutations);

/**
 * The hash of every word shingle: a polynomial over its word hashes, rolled forward one word at a
 * time (take out the word that left, add the one that entered), then mixed once, so a shingle
 * costs one mix instead of one per word. A text shorter than a shingle is one shingle of all its
 * words.
 */
export function shingleHashes(wordHashes: readonly number[]): number[] {
  const width = Math.min(shingleWords, wordHashes.length);
  const shingles: number[] = [];
  if (width === 0) return shingles;
  let rolling = 0;
  for (let word = 0; word < width; word++)
    rolling = (Math.imul(rolling, shingleBase) + (wordHashes[word] as number)) | 0;
  for (let start = 0; start + width <= wordHashes.length; start++) {
    if (start > 0) {
      const left = Math.imul(wordHashes[start - 1] as number, leavingFactor);
      const entering = wordHashes[start + width - 1] as number;
      rolling = (Math.imul(rolling - left, shingleBase) + entering) | 0;
    }
    shingles.push(mix32(rolling ^ 0x9747b28c));
  }
  return shingles;
}

/**
 * One-permutation MinHash with optimal densification (Shrivastava, 2017): each shingle is hashed
 * once; its low 6 bits pick one of 64 bins and the bin keeps the smallest of the remaining bits.
 * An empty bin borrows the value of the first filled bin on its own fixed probe sequence, so two
 * texts' signatures agree in a bin with probability equal to their Jaccard similarity, as with 64
 * independent permutations, at 1/64 of the hashing cost. b-bit (Li & König): each bin keeps only
 * the lowest 8 bits of its minimum, so a signature is 64 bytes; two different minima then agree by
 * chance 1 time in 256, which `estimatedJaccard` corrects for.
 */
export function minHashSignature(text: string): Uint8Array | undefined {
  const wordHashes = normalizedWordHashes(text);
  if (wordHashes.length === 0) return undefined;
  binMinima.fill(0x7fffffff);
  binFilled.fill(0);
  for (const shingle of shingleHashes(wordHashes)) {
    const bin = shingle & (permutations - 1);
    const value = shingle >>> 6;
    if (binFilled[bin] === 0 || value < (binMinima[bin] as number)) {
      binMinima[bin] = value;
      binFilled[bin] = 1;
    }
  }
  const signature = new Uint8Array(permutations);
  for (let bin = 0; bin < permutations; bin++) {
    let source = bin;
    if (binFilled[bin] === 0) {
      const probes = probeOrder[bin] as Int32Array;
      for (let attempt = 0; attempt < probes.length; attempt++) {
        const candidate = probes[attempt] as number;
        if (binFilled[candidate] === 1) {
          source = candidate;
          break;
        }
      }
      // The probe sequence is long enough that missing every filled bin is vanishingly rare; then
      // the first filled bin in index order stands in.
      if (source === bin) source = binFilled.indexOf(1);
    }
    signature[bin] = (binMinima[source] as number) & 0xff;
  }
  return signature;
}

const chance = 1 / 256;

export function estimatedJaccard(left: Uint8Array, right: Uint8Array): number {
  let equal = 0;
  for (let index = 0; index < permutations; index++) if (left[index] === right[index]) equal++;
  const estimate = (equal / permutations - chance) / (1 - chance);
  return Math.min(1, Math.max(0, estimate));
}

/** The LSH bucket key of one band; the group seeds it, so groups never share buckets by design. */
function bandKey(signature: Uint8Array, band: number, group: number): number {
  // The band's 8 bytes as two 32-bit words, each mixed in once.
  const start = band * rowsPerBand;
  const low =
    (signature[start] as number) |
    ((signature[start + 1] as number) << 8) |
    ((signature[start + 2] as number) << 16) |
    ((signature[start + 3] as number) << 24);
  const high =
    (signature[start + 4] as number) |
    ((signature[start + 5] as number) << 8) |
    ((signature[start + 6] as number) << 16) |
    ((signature[start + 7] as number) << 24);
  const seed = mix32((band + 1) ^ Math.imul(group, 0x9e3779b9));
  return mix32(mix32(seed ^ low) ^ high);
}

function sameBand(left: Uint8Array, right: Uint8Array, band: number) {
  const from = band * rowsPerBand;
  for (let row = from; row < from + rowsPerBand; row++) {
    if (left[row] !== right[row]) return false;
  }
  return true;
}

/**
 * The index by position: each `add` takes the next position, and `find` answers with the earliest
 * position whose signature (in the same group) estimates a Jaccard ≥ threshold. Callers that
 * already number their rows (the preference exporter's candidate table) name matches from their
 * own ids instead of the index keeping a second copy.
 */
export interface NearDuplicateTable {
  find(signature: Uint8Array, group?: number): number | undefined;
  /** Appends a row; `undefined` (a text without words) takes a position that never matches. */
  add(signature: Uint8Array | undefined, group?: number): number;
  /** Frees the arrays and the signature store (its file, if any). */
  close(): void;
  readonly size: number;
}

export interface NearDuplicateTableOptions {
  /** Where signatures live; in memory when absent. */
  signatures?: SignatureStore;
}

/**
 * Memory is what limits an export of millions of rows, so everything lives in typed arrays in
 * fixed pages of 16,384 rows that are added, never copied (growing never holds an old and a new
 * array at once). Each LSH bucket is a chain through `next` (entry = position * bands + band)
 * whose heads sit in an open table indexed by the band key's low bits; unrelated keys that share
 * a slot share a chain. Each entry also keeps 8 more bits of its band key (`tags`), so a chain is
 * filtered in memory and a stored signature is read only for an entry whose band very likely
 * matches: that is what lets the signatures live in a file (`createFileSignatureStore`). Per row:
 * 32 B of links, 8 B of tags, 1 B of group, 16–32 B of head table, plus 64 B of signature when in
 * memory. The head table doubles (and is rebuilt from the signatures) at two entries a slot
 * (each entry visited is a likely cache miss: four a slot made lookups 8 % of a preference export).
 */
const tagOf = (key: number) => key >>> 24;

export function createNearDuplicateTable(
  threshold: number,
  options: NearDuplicateTableOptions = {},
): NearDuplicateTable {
  if (!(threshold > 0 && threshold <= 1)) {
    throw new RangeError(`near-duplicate threshold must be in (0, 1], got ${threshold}`);
  }
  const signatures = options.signatures ?? createMemorySignatureStore(permutations);
  if (signatures.size !== 0) throw new Error("a near-duplicate table needs an empty store");
  let nextPages: Int32Array[] = [];
  let tagPages: Uint8Array[] = [];
  let groupPages: Uint8Array[] = [];
  /** Rows without a signature (no words): they hold a position but are never linked. */
  const blank = new Set<number>();
  let heads = new Int32Array(1024).fill(-1);
  let count = 0;
  const noSignature = new Uint8Array(permutations);

  const link = (position: number, signature: Uint8Array, group: number) => {
    const page = position >>> pageBits;
    const base = (position & pageMask) * bands;
    const next = nextPages[page] as Int32Array;
    const tags = tagPages[page] as Uint8Array;
    for (let band = 0; band < bands; band++) {
      const key = bandKey(signature, band, group);
      const slot = key & (heads.length - 1);
      next[base + band] = heads[slot] as number;
      tags[base + band] = tagOf(key);
      heads[slot] = position * bands + band;
    }
  };
  const groupOf = (position: number) =>
    (groupPages[position >>> pageBits] as Uint8Array)[position & pageMask] as number;

  return {
    find(signature, group = 0) {
      let best = -1;
      for (let band = 0; band < bands; band++) {
        const key = bandKey(signature, band, group);
        const tag = tagOf(key);
        let entry = heads[key & (heads.length - 1)] as number;
        while (entry !== -1) {
          const position = Math.floor(entry / bands);
          const page = position >>> pageBits;
          const at = (position & pageMask) * bands + (entry - position * bands);
          const matches =
            entry - position * bands === band &&
            (tagPages[page] as Uint8Array)[at] === tag &&
            (best === -1 || position < best) &&
            groupOf(position) === group;
          entry = (nextPages[page] as Int32Array)[at] as number;
          if (!matches) continue;
          const stored = signatures.get(position);
          if (sameBand(signature, stored, band) && estimatedJaccard(signature, stored) >= threshold)
            best = position;
        }
      }
      return best === -1 ? undefined : best;
    },
    add(signature, group = 0) {
      if (!(Number.isInteger(group) && group >= 0 && group < 256)) {
        throw new RangeError(`near-duplicate group must be an integer in [0, 256), got ${group}`);
      }
      const position = count;
      if ((position & pageMask) === 0) {
        nextPages.push(new Int32Array(pageRows * bands));
        tagPages.push(new Uint8Array(pageRows * bands));
        groupPages.push(new Uint8Array(pageRows));
      }
      (groupPages[position >>> pageBits] as Uint8Array)[position & pageMask] = group;
      signatures.append(signature ?? noSignature);
      count += 1;
      if (signature === undefined) {
        blank.add(position);
        return position;
      }
      if (count * bands > heads.length * 2) {
        // Keep chains short: rebuild the head table at twice the size from the stored signatures.
        heads = new Int32Array(heads.length * 2).fill(-1);
        signatures.scan(0, position, (stored, earlier) => {
          if (!blank.has(earlier)) link(earlier, stored, groupOf(earlier));
        });
      }
      link(position, signature, group);
      return position;
    },
    close() {
      signatures.close();
      nextPages = [];
      tagPages = [];
      groupPages = [];
      heads = new Int32Array(0);
    },
    get size() {
      return count;
    },
  };
}

/**
 * The index by id, for exporters that keep no numbering of their own: an id per position,
 * packed (`CompactIdList`), over a table (signatures in memory unless a store is given).
 */
export function createNearDuplicateIndex(
  threshold: number,
  options: NearDuplicateTableOptions = {},
): NearDuplicateIndex {
  const table = createNearDuplicateTable(threshold, options);
  const ids = new CompactIdList();
  // Exporters call find, then add for the same text once the row is written: compute it once.
  let memo: { text: string; signature: Uint8Array | undefined } | undefined;
  const signatureOf = (text: string): Uint8Array | undefined => {
    if (memo?.text !== text) memo = { text, signature: minHashSignature(text) };
    return memo.signature;
  };
  const idAt = (position: number | undefined) =>
    position === undefined ? undefined : ids.get(position);
  const add = (id: string, signature: Uint8Array) => {
    table.add(signature);
    ids.push(id);
  };
  return {
    find(text) {
      const signature = signatureOf(text);
      return signature === undefined ? undefined : idAt(table.find(signature));
    },
    add(id, text) {
      const signature = signatureOf(text);
      if (signature !== undefined) add(id, signature);
    },
    // One signature serves both the lookup and the insert.
    check(id, text) {
      const signature = minHashSignature(text);
      if (signature === undefined) return undefined;
      const earlier = idAt(table.find(signature));
      if (earlier === undefined) add(id, signature);
      return earlier;
    },
    close() {
      table.close();
    },
    get size() {
      return table.size;
    },
  };
}
