import type { Run } from "../runs/run-session.js";
import type { CorrectionSummary } from "./correct-episodes.js";

/**
 * A correction's outcome in its run folder: one warning per segment left uncorrected and the
 * counts as metrics, named `<prefix>processed` and so on (`correct-and-train` prefixes them with
 * "correct." beside its training metrics).
 */
export async function recordCorrectionSummary(
  run: Run,
  summary: CorrectionSummary,
  metricPrefix = "",
): Promise<void> {
  for (const warning of summary.warnings) {
    await run.warn({
      stage: "correct",
      item: `${warning.session}/${warning.episode}`,
      code: "correction",
      message: warning.message,
    });
  }
  run.addMetrics({
    counts: {
      [`${metricPrefix}processed`]: summary.processed,
      [`${metricPrefix}skipped`]: summary.skipped,
      [`${metricPrefix}failed`]: summary.failed,
      [`${metricPrefix}segments`]: summary.segments,
      [`${metricPrefix}corrected_steps`]: summary.corrected_steps,
    },
  });
}
