import { exitCodes, exitStatuses } from "../core/errors.js";
import type { Run } from "../runs/run-session.js";
import { type RunTally, tallyCounts } from "../runs/run-tally.js";
import type { CorrectionSummary } from "./correct-episodes.js";

/**
 * A correction's outcome in its run folder: one warning per segment left uncorrected and the
 * counts as metrics, named `<prefix>processed` and so on (`correct-and-train` prefixes them with
 * "correct." beside its training metrics), with the tally `in = written + quarantined + skipped`.
 */
export async function recordCorrectionSummary(
  run: Run,
  summary: CorrectionSummary,
  metricPrefix = "",
  leftOut = 0,
): Promise<void> {
  for (const warning of summary.warnings) {
    await run.warn({
      stage: "correct",
      item: `${warning.session}/${warning.episode}`,
      code: "correction",
      message: warning.message,
    });
  }
  const counts: Record<string, number> = {
    processed: summary.processed,
    skipped_already_corrected: summary.skipped,
    failed: summary.failed,
    segments: summary.segments,
    uncorrected_segments: summary.uncorrected_segments,
    corrected_steps: summary.corrected_steps,
    ...tallyCounts(correctionTally(summary, leftOut)),
  };
  run.addMetrics({
    counts: Object.fromEntries(
      Object.entries(counts).map(([key, value]) => [`${metricPrefix}${key}`, value]),
    ),
  });
}

/**
 * Episodes in = corrected (written) + failed (quarantined) + skipped, per reason: left out when
 * read (bad_eps, failed runs without --include-failed) or already corrected.
 */
export function correctionTally(summary: CorrectionSummary, leftOut: number): RunTally {
  return {
    in: summary.processed + summary.skipped + summary.failed + leftOut,
    written: summary.processed,
    quarantined: summary.failed,
    skipped: { left_out: leftOut, already_corrected: summary.skipped },
  };
}

/**
 * The exit code of a correction: 65 when no episode could be read, 1 when episodes were read but
 * none could be corrected (every one failed, or every segment's answer was refused), else 0.
 */
export function correctionExitCode(summary: CorrectionSummary, episodesRead: number): number {
  if (episodesRead === 0) return exitCodes.input_invalid;
  const attempted = summary.processed + summary.failed;
  if (attempted === 0) return exitStatuses.ok;
  if (summary.processed === 0) return exitStatuses.someFailed;
  if (summary.segments > 0 && summary.uncorrected_segments === summary.segments)
    return exitStatuses.someFailed;
  return exitStatuses.ok;
}
