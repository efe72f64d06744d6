/**
 * mulberry32: a small, fast, well-distributed 32-bit generator returning floats in [0, 1). Seeded
 * randomness (clustering, maps, synthetic corpora, training batches) must repeat exactly for the
 * same seed on every machine, which Math.random cannot give.
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
