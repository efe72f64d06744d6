import type { ExportSummary } from "./run-export.js";
import type { ExportHealth } from "./writers/export-health.js";

/** Human text for `tracemill export`: counts in and out and per quarantine reason. Pure. */
export function renderExportSummary(summary: ExportSummary): string {
  const lines = [`${summary.dryRun ? "dry run (nothing written): " : ""}source ${summary.source}`];
  for (const exporter of summary.exporters) {
    const { counts } = exporter;
    lines.push(
      `${exporter.exporter} (${exporter.format}): ${counts.in} in = ${counts.written} written (${counts.out} rows) + ${counts.quarantined} quarantined + ${counts.skipped} skipped${exporter.validation.passed ? "" : ", VALIDATION FAILED"}`,
    );
    for (const [reason, count] of Object.entries(counts.byReason).sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      lines.push(`    ${reason}: ${count}`);
    }
    for (const [reason, count] of Object.entries(counts.skippedByReason).sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      lines.push(`    skipped, ${reason}: ${count}`);
    }
    const images = exporter.files.filter((file) => /\/images\//.test(file.path));
    const verb = summary.dryRun ? "would write" : "wrote";
    for (const file of exporter.files.filter((entry) => !images.includes(entry))) {
      lines.push(`  ${verb} ${file.path}${file.rows === undefined ? "" : ` (${file.rows} rows)`}`);
    }
    if (images.length > 0)
      lines.push(`  ${verb} ${images.length} image files in ${exporter.exporter}/images/`);
  }
  if (summary.staleRemoved > 0)
    lines.push(
      `removed ${summary.staleRemoved} temporary file(s) left by an earlier export that was stopped half way`,
    );
  if (summary.warningCount > 0) lines.push(`${summary.warningCount} input warnings (see --json)`);
  return lines.join("\n");
}

export function renderExportHealth(health: ExportHealth): string {
  const lines = [`${health.quarantined} quarantined records`];
  const section = (title: string, counts: Record<string, number | undefined>) => {
    const entries = Object.entries(counts).filter(
      (entry): entry is [string, number] => entry[1] !== undefined,
    );
    if (entries.length === 0) return;
    lines.push(`${title}:`);
    for (const [key, count] of entries.sort(([a], [b]) => a.localeCompare(b)))
      lines.push(`  ${key}: ${count}`);
  };
  section("by exporter", health.byExporter);
  section("by category", health.byCategory);
  section("by reason", health.byReason);
  for (const record of health.records.slice(0, 50)) {
    lines.push(
      `${record.exporter} ${record.recordId} (${record.origin.file}${record.origin.line ? `:${record.origin.line}` : ""}): needs ${record.missing.join("; ")}`,
    );
  }
  if (health.records.length > 50)
    lines.push(`… and ${health.records.length - 50} more (see --json)`);
  return lines.join("\n");
}
