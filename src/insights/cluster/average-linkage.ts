import type { VectorMatrix } from "./vectors.js";

/**
 * Agglomerative clustering with average linkage in cosine geometry, on groups of unit rows (single
 * rows, or k-means micro-clusters on large samples). The average similarity of two groups is
 * dot(sum_a, sum_b) / (n_a · n_b), so each group is kept as its vector sum and the linkage after a
 * merge is exact. Unlike k-means, average linkage does not favour clusters of equal size: a topic
 * of 60 conversations is not split to give a topic of 9 its own centre (imbalanced-720, issue 16).
 */
export interface Merge {
  /** The surviving group (the smaller index) and the group merged into it. */
  into: number;
  from: number;
  similarity: number;
}

export function averageLinkage(
  matrix: VectorMatrix,
  groups: Int32Array,
  groupCount: number,
): Merge[] {
  const { data, rows, dimensions } = matrix;
  const sums = new Float64Array(groupCount * dimensions);
  const sizes = new Float64Array(groupCount);
  for (let index = 0; index < rows; index++) {
    const group = groups[index] as number;
    sizes[group] = (sizes[group] as number) + 1;
    for (let column = 0; column < dimensions; column++) {
      sums[group * dimensions + column] =
        (sums[group * dimensions + column] as number) +
        (data[index * dimensions + column] as number);
    }
  }
  const dot = (a: number, b: number) => {
    let sum = 0;
    for (let column = 0; column < dimensions; column++) {
      sum += (sums[a * dimensions + column] as number) * (sums[b * dimensions + column] as number);
    }
    return sum;
  };
  const alive = new Uint8Array(groupCount);
  for (let group = 0; group < groupCount; group++) alive[group] = sizes[group] ? 1 : 0;
  const linkage = new Float64Array(groupCount * groupCount);
  for (let a = 0; a < groupCount; a++) {
    if (!alive[a]) continue;
    for (let b = a + 1; b < groupCount; b++) {
      if (!alive[b]) continue;
      const value = dot(a, b) / ((sizes[a] as number) * (sizes[b] as number));
      linkage[a * groupCount + b] = value;
      linkage[b * groupCount + a] = value;
    }
  }
  const merges: Merge[] = [];
  for (;;) {
    let best = Number.NEGATIVE_INFINITY;
    let into = -1;
    let from = -1;
    for (let a = 0; a < groupCount; a++) {
      if (!alive[a]) continue;
      for (let b = a + 1; b < groupCount; b++) {
        if (!alive[b]) continue;
        const value = linkage[a * groupCount + b] as number;
        if (value > best) {
          best = value;
          into = a;
          from = b;
        }
      }
    }
    if (into < 0) return merges;
    merges.push({ into, from, similarity: best });
    alive[from] = 0;
    sizes[into] = (sizes[into] as number) + (sizes[from] as number);
    for (let column = 0; column < dimensions; column++) {
      sums[into * dimensions + column] =
        (sums[into * dimensions + column] as number) + (sums[from * dimensions + column] as number);
    }
    for (let other = 0; other < groupCount; other++) {
      if (!alive[other] || other === into) continue;
      const value = dot(into, other) / ((sizes[into] as number) * (sizes[other] as number));
      linkage[into * groupCount + other] = value;
      linkage[other * groupCount + into] = value;
    }
  }
}

/**
 * Cluster id (0 … k − 1) per group after the merges that leave `k` clusters (every group non-empty),
 * or undefined when the groups cannot make k clusters.
 */
export function cutMerges(merges: Merge[], groupCount: number, k: number): Int32Array | undefined {
  const roots = merges.length + 1;
  if (k < 1 || k > roots) return undefined;
  const parent = Int32Array.from({ length: groupCount }, (_, index) => index);
  const find = (group: number): number => {
    let root = group;
    while (parent[root] !== root) root = parent[root] as number;
    return root;
  };
  for (let step = 0; step < roots - k; step++) {
    const merge = merges[step] as Merge;
    parent[find(merge.from)] = find(merge.into);
  }
  const ids = new Map<number, number>();
  const result = new Int32Array(groupCount);
  for (let group = 0; group < groupCount; group++) {
    const root = find(group);
    if (!ids.has(root)) ids.set(root, ids.size);
    result[group] = ids.get(root) as number;
  }
  return result;
}
