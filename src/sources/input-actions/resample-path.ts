export type Point = [number, number];

/**
 * Resamples a polyline to `count` points evenly spaced along its length, so a drag's path has
 * the same size whatever the recorder's move rate was. Consecutive duplicates do not matter
 * (zero-length segments are skipped); a path with no length repeats its only point.
 */
export function resamplePath(points: readonly Point[], count: number): Point[] {
  const first = points[0];
  if (first === undefined) return [];
  const size = Math.max(2, Math.floor(count));
  const cumulative: number[] = [0];
  for (let index = 1; index < points.length; index++) {
    const [ax, ay] = points[index - 1] as Point;
    const [bx, by] = points[index] as Point;
    cumulative.push((cumulative[index - 1] as number) + Math.hypot(bx - ax, by - ay));
  }
  const total = cumulative[cumulative.length - 1] as number;
  if (total === 0) return Array.from({ length: size }, () => [first[0], first[1]] as Point);

  const result: Point[] = [];
  let segment = 1;
  for (let index = 0; index < size; index++) {
    const target = (total * index) / (size - 1);
    while (segment < points.length - 1 && (cumulative[segment] as number) < target) segment++;
    const start = cumulative[segment - 1] as number;
    const end = cumulative[segment] as number;
    const [ax, ay] = points[segment - 1] as Point;
    const [bx, by] = points[segment] as Point;
    const ratio = end > start ? Math.min(1, Math.max(0, (target - start) / (end - start))) : 1;
    result.push([ax + (bx - ax) * ratio, ay + (by - ay) * ratio]);
  }
  // The ends are the press and release points exactly, whatever rounding did in between.
  result[0] = [first[0], first[1]];
  const last = points[points.length - 1] as Point;
  result[size - 1] = [last[0], last[1]];
  return result;
}
