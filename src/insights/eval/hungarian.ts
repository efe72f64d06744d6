/**
 * The Hungarian algorithm (Kuhn–Munkres with potentials, O(n³)): the assignment of rows to columns
 * with the largest total weight. Rectangular matrices are padded with zero weights, so surplus rows
 * or columns end up assigned to nothing.
 */
export function maximumWeightAssignment(weights: readonly (readonly number[])[]): {
  /** column per row, -1 when the row is matched to padding */
  rowToColumn: number[];
  total: number;
} {
  const rows = weights.length;
  const columns = rows === 0 ? 0 : Math.max(...weights.map((row) => row.length));
  const size = Math.max(rows, columns);
  if (size === 0) return { rowToColumn: [], total: 0 };
  let largest = 0;
  for (const row of weights) for (const value of row) largest = Math.max(largest, value);
  // Minimise (largest − weight); padding cells weigh 0.
  const cost = (row: number, column: number) =>
    largest - (row < rows && column < columns ? (weights[row]?.[column] ?? 0) : 0);

  const u = new Float64Array(size + 1);
  const v = new Float64Array(size + 1);
  const match = new Int32Array(size + 1); // match[column] = row, both 1-based; 0 = free
  const way = new Int32Array(size + 1);
  for (let row = 1; row <= size; row += 1) {
    match[0] = row;
    let column0 = 0;
    const minimum = new Float64Array(size + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Uint8Array(size + 1);
    do {
      used[column0] = 1;
      const row0 = match[column0] as number;
      let delta = Number.POSITIVE_INFINITY;
      let column1 = 0;
      for (let column = 1; column <= size; column += 1) {
        if (used[column]) continue;
        const reduced = cost(row0 - 1, column - 1) - (u[row0] as number) - (v[column] as number);
        if (reduced < (minimum[column] as number)) {
          minimum[column] = reduced;
          way[column] = column0;
        }
        if ((minimum[column] as number) < delta) {
          delta = minimum[column] as number;
          column1 = column;
        }
      }
      for (let column = 0; column <= size; column += 1) {
        if (used[column]) {
          u[match[column] as number] = (u[match[column] as number] as number) + delta;
          v[column] = (v[column] as number) - delta;
        } else {
          minimum[column] = (minimum[column] as number) - delta;
        }
      }
      column0 = column1;
    } while (match[column0] !== 0);
    do {
      const column1 = way[column0] as number;
      match[column0] = match[column1] as number;
      column0 = column1;
    } while (column0 !== 0);
  }

  const rowToColumn = new Array<number>(rows).fill(-1);
  let total = 0;
  for (let column = 1; column <= size; column += 1) {
    const row = (match[column] as number) - 1;
    if (row >= 0 && row < rows && column - 1 < columns) {
      rowToColumn[row] = column - 1;
      total += weights[row]?.[column - 1] ?? 0;
    }
  }
  return { rowToColumn, total };
}
