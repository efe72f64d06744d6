/**
 * The number of base clusters when `--k` is not given: round(sqrt(n / 2)) clamped to [2, 200] and
 * never more than n. It grows slowly with the data (150 conversations → 9, 10k → 71, 100k → 200),
 * so clusters stay large enough to pass the privacy gates on realistic inputs.
 */
export const maxAutomaticK = 200;

export function chooseK(count: number): number {
  if (count <= 1) return Math.max(count, 1);
  const k = Math.round(Math.sqrt(count / 2));
  return Math.min(count, Math.max(2, Math.min(maxAutomaticK, k)));
}
