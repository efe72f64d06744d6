/**
 * The one accounting every command's summary and metrics.json follow: each item read ends in
 * exactly one bucket, so `in = written + quarantined + skipped`, and every skip names its reason.
 * Pure; commands build a tally from their outcomes and print or store it through these helpers.
 */
export interface RunTally {
  in: number;
  written: number;
  quarantined: number;
  /** Items neither written nor quarantined, per reason (`left_out`, `no_pair`, …). */
  skipped: Record<string, number>;
}

export function skippedTotal(tally: RunTally): number {
  return Object.values(tally.skipped).reduce((sum, count) => sum + count, 0);
}

/** Why the tally does not add up, or undefined when it does. */
export function tallyProblem(tally: RunTally): string | undefined {
  const accounted = tally.written + tally.quarantined + skippedTotal(tally);
  if (accounted === tally.in) return undefined;
  return `${tally.in} in, but ${tally.written} written + ${tally.quarantined} quarantined + ${skippedTotal(tally)} skipped = ${accounted}`;
}

/** Flat counts for metrics.json: in, written, quarantined, skipped and `skipped.<reason>`. */
export function tallyCounts(tally: RunTally): Record<string, number> {
  const counts: Record<string, number> = {
    in: tally.in,
    written: tally.written,
    quarantined: tally.quarantined,
    skipped: skippedTotal(tally),
  };
  for (const [reason, count] of Object.entries(tally.skipped))
    if (count > 0) counts[`skipped.${reason}`] = count;
  return counts;
}

/** One summary line: `5 in = 2 written + 1 quarantined + 2 skipped (left_out 2)`. */
export function renderTally(tally: RunTally): string {
  const reasons = Object.entries(tally.skipped)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, count]) => `${reason} ${count}`);
  return `${tally.in} in = ${tally.written} written + ${tally.quarantined} quarantined + ${skippedTotal(tally)} skipped${reasons.length > 0 ? ` (${reasons.join(", ")})` : ""}`;
}
