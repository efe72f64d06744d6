import { createRandom } from "../core/random.js";

/**
 * Seeded randomness for training: every draw is a function of (seed, purpose, iteration), so a
 * resumed run samples the same batches and dropout masks as an uninterrupted one.
 */
export type Random = () => number;

export { createRandom };

/** Mixes integers into one 32-bit seed (murmur3's finaliser per part). */
export function deriveSeed(...parts: number[]): number {
  let hash = 0x9e3779b9;
  for (const part of parts) {
    let value = Math.imul((part | 0) ^ hash, 0x85ebca6b);
    value ^= value >>> 13;
    value = Math.imul(value, 0xc2b2ae35);
    hash = (value ^ (value >>> 16)) >>> 0;
  }
  return hash >>> 0;
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const result = [...items];
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other] as T, result[index] as T];
  }
  return result;
}
