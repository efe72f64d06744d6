import { hash52, normalizedWords, wordNgrams } from "./text-hash.js";

/**
 * Evaluation contamination: the hashed word n-grams of every evaluation text, so a training row
 * sharing any n-gram (normalised: lowercase, punctuation stripped) with an eval set is caught.
 * Only hashes are kept, never the eval texts themselves.
 */
export interface EvalIndex {
  readonly ngram: number;
  /** Distinct n-grams stored. */
  readonly size: number;
  /** How many of the text's n-grams occur in the eval sets (0 = clean). */
  contaminated(text: string): number;
}

export function createEvalIndex(texts: Iterable<string>, ngram: number): EvalIndex {
  if (!Number.isInteger(ngram) || ngram < 1) {
    throw new RangeError(`contamination n-gram size must be a positive integer, got ${ngram}`);
  }
  const hashes = new Set<number>();
  for (const text of texts) {
    for (const gram of wordNgrams(normalizedWords(text), ngram)) hashes.add(hash52(gram));
  }
  return {
    ngram,
    get size() {
      return hashes.size;
    },
    contaminated(text: string): number {
      if (hashes.size === 0) return 0;
      let overlap = 0;
      for (const gram of wordNgrams(normalizedWords(text), ngram)) {
        if (hashes.has(hash52(gram))) overlap++;
      }
      return overlap;
    },
  };
}
