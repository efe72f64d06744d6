import { join } from "node:path";
import { type ExportSummary, type RunExportInput, runExport } from "../../export/run-export.js";
import { toolVersion } from "../../version.js";
import type { PipelineCounts, PipelineDeps, PipelineReport } from "../types.js";

/** The export's own input: which exporters, from where, to where, in which format, with what rules. */
export type ExportPipelineInput = Omit<RunExportInput, "onProgress" | "redactor" | "toolVersion">;

/**
 * Export in the one pipeline shape: graded Traces (any kind) through the firewall into SFT, RAG
 * and preference datasets with receipts and a quarantine, by `runExport` (src/export). Counts are
 * summed over the exporters (each reads every record once), so in = written + quarantined +
 * skipped holds per exporter and in total; reasons are the quarantine's and the skip's own.
 * Progress is phase `export`, one call per exporter and every 1,000 records read.
 */
export async function runExportPipeline(
  input: ExportPipelineInput,
  deps: PipelineDeps,
): Promise<PipelineReport<ExportSummary>> {
  const summary = await runExport({
    ...input,
    toolVersion,
    redactor: deps.redactor,
    onProgress: (event) =>
      deps.onProgress?.(
        "export",
        event.recordsRead,
        undefined,
        `${event.exporter} ${event.recordsRead} read`,
      ),
  });
  const failed = summary.exporters.some((exporter) => !exporter.validation.passed);
  return {
    kind: "export",
    runId: undefined,
    status: input.dryRun ? "dry-run" : failed ? "failed" : "completed",
    counts: exportCounts(summary),
    warnings: summary.warnings.map(
      (warning) =>
        `${warning.file}${warning.line === undefined ? "" : `:${warning.line}`}: ${warning.message}`,
    ),
    outputs: summary.exporters.flatMap((exporter) =>
      exporter.files.map((file) => join(input.out, file.path)),
    ),
    detail: summary,
  };
}

function exportCounts(summary: ExportSummary): PipelineCounts {
  const counts: PipelineCounts = {
    in: 0,
    written: 0,
    quarantined: 0,
    skipped: 0,
    quarantinedByReason: {},
    skippedByReason: {},
  };
  for (const { counts: one } of summary.exporters) {
    counts.in += one.in;
    counts.written += one.written;
    counts.quarantined += one.quarantined;
    counts.skipped += one.skipped;
    addInto(counts.quarantinedByReason, one.byReason);
    addInto(counts.skippedByReason, one.skippedByReason);
  }
  return counts;
}

function addInto(target: Record<string, number>, source: Partial<Record<string, number>>): void {
  for (const [reason, count] of Object.entries(source))
    if (count !== undefined && count > 0) target[reason] = (target[reason] ?? 0) + count;
}
