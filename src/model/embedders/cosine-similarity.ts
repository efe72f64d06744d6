import { TracemillError } from "../../core/errors.js";

/** Cosine of the angle between two vectors; 0 when either is all zeros (an empty text). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new TracemillError(
      "input_invalid",
      `cosineSimilarity: vectors differ in length (${a.length} vs ${b.length})`,
    );
  }
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index += 1) {
    const x = a[index] as number;
    const y = b[index] as number;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (normA === 0 || normB === 0) return 0;
  // Rounding can push the quotient a hair past ±1.
  return Math.max(-1, Math.min(1, dot / Math.sqrt(normA * normB)));
}
