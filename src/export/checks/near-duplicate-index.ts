import { fnv1a32, mix32, normalizedWords } from "./text-hash.js";

/**
 * Near-duplicate detection: MinHash signatures of word 5-shingles (fixed seeds, so runs are
 * deterministic) with LSH banding to find candidates without comparing against every row.
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
/** Fixed per-permutation constants (odd multipliers), derived from the index so no state is random. */
const multipliers = Uint32Array.from(
  { length: permutations },
  (_, index) => mix32(0x9e3779b9 ^ (index + 1)) | 1,
);
const addends = Uint32Array.from({ length: permutations }, (_, index) =>
  mix32(0x7f4a7c15 ^ (index + 1)),
);

/**
 * 16-bit minima: a 1/65536 chance collision barely moves the estimate and halves the memory.
 * Each word is hashed once; a shingle's hash chains its words' hashes; each permutation is one
 * multiply-add plus a shift-xor (the export checks every record, so this is the hot loop).
 */
export function minHashSignature(text: string): Uint16Array | undefined {
  const words = normalizedWords(text);
  if (words.length === 0) return undefined;
  const wordHashes = words.map((word) => fnv1a32(word));
  const minima = new Uint32Array(permutations).fill(0xffffffff);
  const last = Math.max(0, words.length - shingleWords);
  for (let start = 0; start <= last; start++) {
    let shingle = 0x9747b28c;
    const end = Math.min(words.length, start + shingleWords);
    for (let word = start; word < end; word++)
      shingle = mix32(shingle ^ (wordHashes[word] as number));
    for (let index = 0; index < permutations; index++) {
      let value =
        (Math.imul(shingle, multipliers[index] as number) + (addends[index] as number)) >>> 0;
      value = (value ^ (value >>> 16)) >>> 0;
      if (value < (minima[index] as number)) minima[index] = value;
    }
  }
  const signature = new Uint16Array(permutations);
  for (let index = 0; index < permutations; index++) {
    signature[index] = (minima[index] as number) >>> 16;
  }
  return signature;
}

export function estimatedJaccard(left: Uint16Array, right: Uint16Array): number {
  let equal = 0;
  for (let index = 0; index < permutations; index++) if (left[index] === right[index]) equal++;
  return equal / permutations;
}

function bandKeys(signature: Uint16Array): number[] {
  const keys: number[] = [];
  for (let band = 0; band < bands; band++) {
    let hash = mix32(band + 1);
    for (let row = 0; row < rowsPerBand; row++) {
      hash = mix32(hash ^ (signature[band * rowsPerBand + row] as number));
    }
    keys.push(hash);
  }
  return keys;
}

export function createNearDuplicateIndex(threshold: number): NearDuplicateIndex {
  if (!(threshold > 0 && threshold <= 1)) {
    throw new RangeError(`near-duplicate threshold must be in (0, 1], got ${threshold}`);
  }
  const ids: string[] = [];
  // Compact storage for millions of rows: signatures side by side in one growing Uint16Array,
  // and each LSH bucket as a chain through `next` (entry = position * bands + band) from its
  // newest entry in `heads`, instead of one array object per bucket.
  let signatureStore = new Uint16Array(permutations * 1024);
  let next = new Int32Array(bands * 1024);
  const heads = new Map<number, number>();
  const storedSignature = (position: number) =>
    signatureStore.subarray(position * permutations, (position + 1) * permutations);

  // Exporters call find, then add for the same text once the row is written: compute it once.
  let memo: { text: string; signature: Uint16Array | undefined } | undefined;
  const signatureOf = (text: string): Uint16Array | undefined => {
    if (memo?.text !== text) memo = { text, signature: minHashSignature(text) };
    return memo.signature;
  };

  const findSignature = (signature: Uint16Array): string | undefined => {
    let best: number | undefined;
    bandKeys(signature).forEach((key) => {
      for (let entry = heads.get(key) ?? -1; entry !== -1; entry = next[entry] as number) {
        const position = Math.floor(entry / bands);
        if (best !== undefined && position >= best) continue;
        if (estimatedJaccard(signature, storedSignature(position)) >= threshold) best = position;
      }
    });
    return best === undefined ? undefined : ids[best];
  };

  const addSignature = (id: string, signature: Uint16Array): void => {
    const position = ids.length;
    ids.push(id);
    if ((position + 1) * permutations > signatureStore.length) {
      const grown = new Uint16Array(signatureStore.length * 2);
      grown.set(signatureStore);
      signatureStore = grown;
      const grownNext = new Int32Array(next.length * 2);
      grownNext.set(next);
      next = grownNext;
    }
    signatureStore.set(signature, position * permutations);
    bandKeys(signature).forEach((key, band) => {
      const entry = position * bands + band;
      next[entry] = heads.get(key) ?? -1;
      heads.set(key, entry);
    });
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
      return ids.length;
    },
  };
}
