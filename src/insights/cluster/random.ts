import { createRandom } from "../../core/random.js";

/** Seeded randomness for clustering and maps (core/random.ts), so every run with the same seed repeats exactly. */
export type RandomSource = () => number;
export { createRandom };

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
