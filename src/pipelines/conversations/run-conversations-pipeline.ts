import { TracemillError } from "../../core/errors.js";
import type { InputValidationReport } from "../../insights/input/validate-input.js";
import type { InsightsRunOptionsInput } from "../../insights/run/options.js";
import type { PreflightEstimate } from "../../insights/run/preflight.js";
import { type InsightsRunReport, runInsights } from "../../insights/run/run-insights.js";
import { toolVersion } from "../../version.js";
import type { PipelineCounts, PipelineDeps, PipelineReport } from "../types.js";

/** What the conversations pipeline reads, with the run's settings and its salt. */
export interface ConversationsInput {
  options: InsightsRunOptionsInput;
  /** Secret for the salted user keys; keep it outside the run folder and the same across resumes. */
  salt: string | Uint8Array;
  /** Sees the cost estimate first; false stops before anything runs. */
  confirm?: (estimate: PreflightEstimate) => boolean | Promise<boolean>;
  onValidation?: (report: InputValidationReport) => void;
}

/**
 * Conversations in the one pipeline shape: validate → facets → embed → cluster → label →
 * hierarchy → privacy gate → evaluate, run by `runInsights` (src/insights/run) in its run folder.
 * Counts are conversations: written = faceted (resumed ones included), quarantined = facet
 * failures, skipped = the rest (`facets_not_run` when the facets stage was off).
 */
export async function runConversationsPipeline(
  input: ConversationsInput,
  deps: PipelineDeps,
): Promise<PipelineReport<InsightsRunReport>> {
  if (deps.embedder === undefined)
    throw new TracemillError("config_invalid", "the conversations pipeline needs an embedder");
  const report = await runInsights(input.options, {
    ...(deps.client === undefined ? {} : { client: deps.client }),
    embedder: deps.embedder,
    salt: input.salt,
    toolVersion,
    redactor: deps.redactor,
    ...(input.confirm === undefined ? {} : { confirm: input.confirm }),
    ...(input.onValidation === undefined ? {} : { onValidation: input.onValidation }),
    ...(deps.onProgress === undefined ? {} : { onProgress: deps.onProgress }),
  });
  return {
    kind: "conversations",
    runId: report.runId,
    status: report.status,
    counts: conversationCounts(report),
    warnings: report.warnings > 0 ? [`${report.warnings} warning(s) in ${report.dir}`] : [],
    outputs: [report.dir],
    detail: report,
  };
}

function conversationCounts(report: InsightsRunReport): PipelineCounts {
  const rest = Math.max(0, report.conversations - report.facets - report.facetsFailed);
  const reason = report.stages.facets ? "no_facet" : "facets_not_run";
  return {
    in: report.facets + report.facetsFailed + rest,
    written: report.facets,
    quarantined: report.facetsFailed,
    skipped: rest,
    quarantinedByReason: report.facetsFailed > 0 ? { facet_failed: report.facetsFailed } : {},
    skippedByReason: rest > 0 ? { [reason]: rest } : {},
  };
}
