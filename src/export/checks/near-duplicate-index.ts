import { CompactIdList } from "./compact-ids.js";
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
  readonly size: number;
}

const permutations = 64;
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

function bandKey(signature: Uint8Array, offset: number, band: number): number {
  let hash = mix32(band + 1);
  const start = offset + band * rowsPerBand;
  for (let row = 0; row < rowsPerBand; row++)
    hash = mix32(hash ^ (signature[start + row] as number));
  return hash;
}

function sameBand(
  left: Uint8Array,
  leftOffset: number,
  right: Uint8Array,
  rightOffset: number,
  band: number,
) {
  const from = band * rowsPerBand;
  for (let row = from; row < from + rowsPerBand; row++) {
    if (left[leftOffset + row] !== right[rightOffset + row]) return false;
  }
  return true;
}

/**
 * Memory is what limits an export of millions of rows, so everything lives in typed arrays:
 * signatures side by side (64 B a row), each LSH bucket a chain through `next`
 * (entry = position * bands + band), and bucket heads in an open table indexed by the band key's
 * low bits. Unrelated keys that share a slot share a chain; the band's bytes are compared before
 * anything else, so they cost one short comparison. Signatures and chain links live in fixed pages
 * of `pageRows` rows that are added, never copied, so an index never holds more than one partly
 * filled page and never needs old and new arrays at once while growing; the head table doubles
 * (and is rebuilt) to keep about one to two entries a slot. About 110 bytes per row in all.
 */
const pageBits = 14;
const pageRows = 1 << pageBits;
const pageMask = pageRows - 1;

export function createNearDuplicateIndex(threshold: number): NearDuplicateIndex {
  if (!(threshold > 0 && threshold <= 1)) {
    throw new RangeError(`near-duplicate threshold must be in (0, 1], got ${threshold}`);
  }
  const ids = new CompactIdList();
  const signaturePages: Uint8Array[] = [];
  const nextPages: Int32Array[] = [];
  let heads = new Int32Array(1024).fill(-1);
  let count = 0;

  const link = (position: number, band: number) => {
    const page = signaturePages[position >>> pageBits] as Uint8Array;
    const slot = bandKey(page, (position & pageMask) * permutations, band) & (heads.length - 1);
    const entry = position * bands + band;
    (nextPages[position >>> pageBits] as Int32Array)[(position & pageMask) * bands + band] = heads[
      slot
    ] as number;
    heads[slot] = entry;
  };
  const nextOf = (entry: number): number => {
    const position = Math.floor(entry / bands);
    const band = entry - position * bands;
    return (nextPages[position >>> pageBits] as Int32Array)[
      (position & pageMask) * bands + band
    ] as number;
  };

  // Exporters call find, then add for the same text once the row is written: compute it once.
  let memo: { text: string; signature: Uint8Array | undefined } | undefined;
  const signatureOf = (text: string): Uint8Array | undefined => {
    if (memo?.text !== text) memo = { text, signature: minHashSignature(text) };
    return memo.signature;
  };

  const findSignature = (signature: Uint8Array): string | undefined => {
    let best = -1;
    for (let band = 0; band < bands; band++) {
      const slot = bandKey(signature, 0, band) & (heads.length - 1);
      for (let entry = heads[slot] as number; entry !== -1; entry = nextOf(entry)) {
        if (entry % bands !== band) continue;
        const position = (entry - band) / bands;
        if (best !== -1 && position >= best) continue;
        const page = signaturePages[position >>> pageBits] as Uint8Array;
        const offset = (position & pageMask) * permutations;
        if (!sameBand(signature, 0, page, offset, band)) continue;
        const stored = page.subarray(offset, offset + permutations);
        if (estimatedJaccard(signature, stored) >= threshold) best = position;
      }
    }
    return best === -1 ? undefined : ids.get(best);
  };

  const addSignature = (id: string, signature: Uint8Array): void => {
    const position = count;
    if ((position & pageMask) === 0) {
      signaturePages.push(new Uint8Array(pageRows * permutations));
      nextPages.push(new Int32Array(pageRows * bands));
    }
    ids.push(id);
    (signaturePages[position >>> pageBits] as Uint8Array).set(
      signature,
      (position & pageMask) * permutations,
    );
    count += 1;
    if (count * bands > heads.length * 2) {
      // Keep chains short: rebuild the head table at twice the size.
      heads = new Int32Array(heads.length * 2).fill(-1);
      for (let earlier = 0; earlier < position; earlier++) {
        for (let band = 0; band < bands; band++) link(earlier, band);
      }
    }
    for (let band = 0; band < bands; band++) link(position, band);
  };

  return {
    find(text) {
      const signature = signatureOf(text);
      return signature === undefined ? undefined : findSignature(signature);
    },
    add(id, text) {
      const signature = signatureOf(text);
      if (signature !== undefined) addSignature(id, signature);
    },
    // One signature serves both the lookup and the insert.
    check(id, text) {
      const signature = minHashSignature(text);
      if (signature === undefined) return undefined;
      const earlier = findSignature(signature);
      if (earlier === undefined) addSignature(id, signature);
      return earlier;
    },
    get size() {
      return count;
    },
  };
}
