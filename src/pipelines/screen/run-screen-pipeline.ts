import { join } from "node:path";
import { toolVersion } from "../../version.js";
import {
  countsFromTally,
  type PipelineDeps,
  type PipelineReport,
  statusFromCounts,
} from "../types.js";
import type { ProcessOptions } from "./options.js";
import { type ProcessReport, processScreenSessions } from "./process-sessions.js";

/**
 * Screen sessions (desktop and web) in the one pipeline shape: read → frames → SFT messages →
 * grade, one session at a time; a failed session is quarantined with its error code as the
 * reason and the others finish. Progress is phase `sessions`, one tick per session.
 */
export async function runScreenPipeline(
  input: ProcessOptions,
  deps: PipelineDeps,
): Promise<PipelineReport<ProcessReport>> {
  const report = await processScreenSessions(input, deps.config, {
    toolVersion,
    notice: (line) => deps.warn?.(line),
    onSessionDone: (_sessionId, done, total) =>
      deps.onProgress?.("sessions", done, total, `${done}/${total}`),
    redactor: deps.redactor,
    ...(deps.client === undefined ? {} : { client: deps.client }),
  });
  const failedByCode: Record<string, number> = {};
  for (const failure of report.failures)
    failedByCode[failure.code] = (failedByCode[failure.code] ?? 0) + 1;
  const counts = countsFromTally(report.tally, failedByCode);
  return {
    kind: "screen",
    runId: report.runId,
    status: statusFromCounts(counts),
    counts,
    warnings: [
      ...report.failures.map(
        (failure) => `session ${failure.sessionId}: ${failure.code}: ${failure.message}`,
      ),
      ...report.outcomes.flatMap((outcome) =>
        outcome.warnings.map((warning) => `session ${outcome.sessionId}: ${warning.message}`),
      ),
    ],
    outputs: [...report.outcomes.map((outcome) => outcome.outDir), join(input.out, "metrics.json")],
    detail: report,
  };
}
