import { cosineSimilarity } from "../../model/embedders/cosine-similarity.js";
/**
 * Row-major matrices of float32 (n rows × d columns in one Float32Array): 100k × 512 vectors are
 * 200 MB this way, against several GB as number[][].
 */
export interface VectorMatrix {
  data: Float32Array;
  rows: number;
  dimensions: number;
}

export function matrixFromRows(rows: ArrayLike<number>[], dimensions?: number): VectorMatrix {
  const width = dimensions ?? rows[0]?.length ?? 0;
  const data = new Float32Array(rows.length * width);
  rows.forEach((row, index) => {
    if (row.length !== width) {
      throw new RangeError(`vector ${index} has ${row.length} dimensions, expected ${width}`);
    }
    data.set(row, index * width);
  });
  return { data, rows: rows.length, dimensions: width };
}

export function row(matrix: VectorMatrix, index: number): Float32Array {
  const start = index * matrix.dimensions;
  return matrix.data.subarray(start, start + matrix.dimensions);
}

/** Scales each row to unit length in place (zero rows stay zero), so squared distance is 2 − 2·cosine. */
export function normalizeRows(matrix: VectorMatrix): VectorMatrix {
  const { data, rows, dimensions } = matrix;
  for (let index = 0; index < rows; index++) {
    const start = index * dimensions;
    let sum = 0;
    for (let column = 0; column < dimensions; column++) {
      const value = data[start + column] as number;
      sum += value * value;
    }
    if (sum === 0) continue;
    const scale = 1 / Math.sqrt(sum);
    for (let column = 0; column < dimensions; column++) data[start + column]! *= scale;
  }
  return matrix;
}

export function dotRows(
  a: Float32Array,
  aStart: number,
  b: Float32Array,
  bStart: number,
  dimensions: number,
): number {
  let sum = 0;
  for (let column = 0; column < dimensions; column++) {
    sum += (a[aStart + column] as number) * (b[bStart + column] as number);
  }
  return sum;
}

export function squaredDistanceRows(
  a: Float32Array,
  aStart: number,
  b: Float32Array,
  bStart: number,
  dimensions: number,
): number {
  let sum = 0;
  for (let column = 0; column < dimensions; column++) {
    const difference = (a[aStart + column] as number) - (b[bStart + column] as number);
    sum += difference * difference;
  }
  return sum;
}

/** Cosine distance (1 − cos); 1 when either vector is zero. */
export function cosineDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return 1 - cosineSimilarity(a, b);
}
