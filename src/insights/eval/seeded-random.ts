import { createRandom } from "../../core/random.js";

/**
 * Seeded pseudo-random numbers (mulberry32): the synthetic corpus and audit samples must be the same
 * for the same seed on every machine, which Math.random cannot give.
 */
export interface SeededRandom {
  /** uniform in [0, 1) */
  next(): number;
  /** integer in [0, bound) */
  int(bound: number): number;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
}

export function createSeededRandom(seed: number | string): SeededRandom {
  const next = createRandom(typeof seed === "number" ? seed >>> 0 : hashSeed(seed));
  const int = (bound: number) => Math.floor(next() * bound);
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError("cannot pick from an empty list");
      return items[int(items.length)] as T;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const copy = [...items];
      for (let index = copy.length - 1; index > 0; index -= 1) {
        const other = int(index + 1);
        [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
      }
      return copy;
    },
  };
}

/** FNV-1a, so string seeds ("eval-2024") work too. */
function hashSeed(seed: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < seed.length; index += 1) {
    hash ^= seed.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
