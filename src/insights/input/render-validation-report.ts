import type { InputValidationReport } from "./validate-input.js";

/** Plain-text rendering of a validation report for the CLI (the JSON form is the report itself). */
export function renderValidationReport(report: InputValidationReport): string {
  const summary = report.summary;
  const lines = [
    `${report.ok ? "valid" : "INVALID"}: ${report.file}`,
    `  lines: ${report.total_lines} total, ${report.non_empty_lines} non-empty`,
    `  conversations: ${report.valid_conversations} valid, ${report.invalid_lines} invalid lines`,
    `  ids: ${report.unique_conversation_ids} unique, ${report.duplicate_conversation_ids} duplicate lines`,
    `  users: ${summary.unique_users}   messages: ${summary.messages}`,
    `  turns per conversation: avg ${summary.avg_turns}, min ${summary.min_turns}, max ${summary.max_turns}`,
  ];
  if (report.errors.length > 0) {
    lines.push(`  errors (${report.errors.length + report.errors_truncated}):`);
    for (const error of report.errors) {
      const where = error.line_number > 0 ? `line ${error.line_number}` : "file";
      lines.push(`    ${where}  ${error.code}  ${error.message}`);
    }
    if (report.errors_truncated > 0) {
      lines.push(`    … and ${report.errors_truncated} more not listed`);
    }
  }
  return lines.join("\n");
}
