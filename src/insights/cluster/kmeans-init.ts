import { createRandom, sampleIndices } from "./random.js";
import { squaredDistanceRows, type VectorMatrix } from "./vectors.js";

/** Rows drawn for k-means++ seeding on large inputs; D² sampling over all 100k rows would cost k full passes. */
export const seedingSampleLimit = 10_000;

/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with scikit-learn's 2 + ln k local trials)
 * and a fixed seed: the first centre uniformly; for each next one, `trials` candidates are drawn
 * with probability proportional to the squared distance to the nearest chosen centre and the one
 * that lowers the total potential most is kept. On more than `seedingSampleLimit` rows it seeds
 * from a seeded uniform sample of that size. Returns k centres as a k × d matrix (fewer when there
 * are fewer distinct rows).
 */
export function kmeansPlusPlus(matrix: VectorMatrix, k: number, seed: number): VectorMatrix {
  const random = createRandom(seed);
  const { data, dimensions } = matrix;
  const candidates = sampleIndices(matrix.rows, seedingSampleLimit, random);
  const count = candidates.length;
  const trials = 2 + Math.floor(Math.log(Math.max(k, 1)));
  const distanceTo = (rowIndex: number, into: Float64Array) => {
    for (let index = 0; index < count; index++) {
      into[index] = squaredDistanceRows(
        data,
        (candidates[index] as number) * dimensions,
        data,
        rowIndex * dimensions,
        dimensions,
      );
    }
    return into;
  };
  const chosen: number[] = [candidates[Math.floor(random() * count)] as number];
  const nearest = distanceTo(chosen[0] as number, new Float64Array(count));
  let potential = nearest.reduce((sum, value) => sum + value, 0);
  const trial = new Float64Array(count);
  const best = new Float64Array(count);
  while (chosen.length < k && potential > 0) {
    let bestRow = -1;
    let bestPotential = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < trials; attempt++) {
      const row = drawProportional(nearest, potential, random(), candidates);
      distanceTo(row, trial);
      let total = 0;
      for (let index = 0; index < count; index++) {
        total += Math.min(nearest[index] as number, trial[index] as number);
      }
      if (total < bestPotential) {
        bestPotential = total;
        bestRow = row;
        best.set(trial);
      }
    }
    chosen.push(bestRow);
    for (let index = 0; index < count; index++) {
      if ((best[index] as number) < (nearest[index] as number))
        nearest[index] = best[index] as number;
    }
    potential = bestPotential;
  }
  const centres = new Float32Array(chosen.length * dimensions);
  chosen.forEach((rowIndex, position) => {
    centres.set(
      data.subarray(rowIndex * dimensions, (rowIndex + 1) * dimensions),
      position * dimensions,
    );
  });
  return { data: centres, rows: chosen.length, dimensions };
}

function drawProportional(
  weights: Float64Array,
  total: number,
  draw: number,
  candidates: number[],
): number {
  let target = draw * total;
  for (let index = 0; index < weights.length; index++) {
    const weight = weights[index] as number;
    if (weight <= 0) continue;
    target -= weight;
    if (target <= 0) return candidates[index] as number;
  }
  for (let index = weights.length - 1; index >= 0; index--) {
    if ((weights[index] as number) > 0) return candidates[index] as number;
  }
  return candidates[0] as number;
}
