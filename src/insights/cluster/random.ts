/** Seeded randomness for clustering and maps: mulberry32, so every run with the same seed repeats exactly. */
export type RandomSource = () => number;

export function createRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct indices out of `total`, sorted ascending (partial Fisher–Yates). */
export function sampleIndices(total: number, count: number, random: RandomSource): number[] {
  if (count >= total) return Array.from({ length: total }, (_, index) => index);
  const pool = Array.from({ length: total }, (_, index) => index);
  for (let index = 0; index < count; index++) {
    const pick = index + Math.floor(random() * (total - index));
    const swap = pool[index] as number;
    pool[index] = pool[pick] as number;
    pool[pick] = swap;
  }
  return pool.slice(0, count).sort((a, b) => a - b);
}
