import { normalizeRows, type VectorMatrix } from "./vectors.js";

/**
 * Removes the language offset from embeddings: rows are unit-normalised, each language's mean row
 * is subtracted from its rows (languages with fewer than `minGroup` rows use the overall mean) and
 * rows are normalised again. The offline embedder is an English model; on a multilingual corpus its
 * vectors group by language first, and centering per language lets topics decide the clusters
 * (planted-topic purity on the synthetic 4-language corpus went from 0.27 to 0.78).
 */
export function centerByLanguage(
  matrix: VectorMatrix,
  languages: string[],
  minGroup = 5,
): { matrix: VectorMatrix; groups: number } {
  normalizeRows(matrix);
  const { data, rows, dimensions } = matrix;
  const counts = new Map<string, number>();
  for (const language of languages) counts.set(language, (counts.get(language) ?? 0) + 1);
  const keyOf = (index: number) => {
    const language = languages[index] ?? "und";
    return (counts.get(language) ?? 0) >= minGroup ? language : "*";
  };
  const sums = new Map<string, { sum: Float64Array; count: number }>();
  for (let index = 0; index < rows; index++) {
    const key = keyOf(index);
    const entry = sums.get(key) ?? { sum: new Float64Array(dimensions), count: 0 };
    for (let column = 0; column < dimensions; column++) {
      entry.sum[column] =
        (entry.sum[column] as number) + (data[index * dimensions + column] as number);
    }
    entry.count += 1;
    sums.set(key, entry);
  }
  if (sums.size < 2) return { matrix, groups: sums.size };
  for (let index = 0; index < rows; index++) {
    const entry = sums.get(keyOf(index));
    if (!entry) continue;
    for (let column = 0; column < dimensions; column++) {
      data[index * dimensions + column] =
        (data[index * dimensions + column] as number) - (entry.sum[column] as number) / entry.count;
    }
  }
  normalizeRows(matrix);
  return { matrix, groups: sums.size };
}
