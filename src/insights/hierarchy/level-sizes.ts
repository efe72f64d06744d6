/**
 * Node counts per level, base first, on a geometric schedule from the base count down to
 * round(sqrt(base)) at the top: 9 → [9, 5, 3]; 71 → [71, 24, 8]; 200 → [200, 53, 14] for 3 levels.
 * Each level is strictly smaller than the one below; the schedule stops early at a single root.
 */
export function levelSizes(baseCount: number, levels: number): number[] {
  const sizes = [baseCount];
  if (levels <= 1 || baseCount <= 1) return sizes;
  const top = Math.max(1, Math.round(Math.sqrt(baseCount)));
  for (let level = 1; level < levels; level++) {
    const planned = Math.round(baseCount * (top / baseCount) ** (level / (levels - 1)));
    const size = Math.min(planned, (sizes[level - 1] as number) - 1);
    if (size < 1) break;
    sizes.push(size);
    if (size === 1) break;
  }
  return sizes;
}
