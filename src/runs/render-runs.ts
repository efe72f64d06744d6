import type { PruneResult, RunDetails, RunSummary } from "./list-runs.js";

/** Human renderings of run listings for the CLI: pure functions from data to text. */

export function renderRunList(runs: RunSummary[]): string {
  if (runs.length === 0) return "no runs";
  return renderTable(
    ["id", "command", "status", "created", "items", "warnings"],
    runs.map((run) => [
      run.id,
      run.command,
      run.active ? `${run.status} (active)` : run.status,
      shortTime(run.createdAt),
      String(run.itemsDone),
      String(run.warnings),
    ]),
  );
}

export function renderRunDetails(run: RunDetails, options: { lastWarnings?: number } = {}): string {
  const lastWarnings = options.lastWarnings ?? 10;
  const { manifest, metrics } = run;
  const lockLine =
    run.lock.kind === "free"
      ? "none"
      : `${run.lock.kind} (${run.lock.reason}${run.lock.lock ? `, pid ${run.lock.lock.pid} on ${run.lock.lock.hostname}` : ""})`;
  const lines = [
    `run ${run.id}`,
    `  command   ${run.command}`,
    `  status    ${run.status}`,
    `  created   ${manifest.createdAt}`,
    `  updated   ${manifest.updatedAt}`,
    `  tool      tracemill ${manifest.toolVersion}`,
    `  host      ${manifest.hostname} (pid ${manifest.pid})`,
    `  lock      ${lockLine}`,
    `  config    sha256 ${manifest.configFingerprint.slice(0, 12)}`,
    `  folder    ${run.dir}`,
    "",
  ];
  const stages = Object.entries(manifest.stages);
  lines.push("stages");
  lines.push(
    stages.length === 0
      ? "  (none)"
      : indent(
          renderTable(
            ["stage", "status", "items", "started", "ended"],
            stages.map(([name, stage]) => [
              name,
              stage.status,
              String(stage.itemsDone),
              shortTime(stage.startedAt),
              shortTime(stage.endedAt),
            ]),
          ),
        ),
  );
  lines.push("", "metrics");
  lines.push(`  counts     ${renderRecord(metrics.counts)}`);
  lines.push(`  durations  ${renderRecord(metrics.durationsMs, "ms")}`);
  lines.push(`  tokens     input ${metrics.tokens.input}, output ${metrics.tokens.output}`);
  lines.push(`  cost       $${metrics.costUsd.toFixed(4)}`);
  lines.push("", `inputs (${manifest.inputs.length})`);
  for (const input of manifest.inputs) {
    lines.push(
      `  ${input.sha256.slice(0, 12)}  ${String(input.bytes).padStart(10)} B  ${input.path}`,
    );
  }
  const shown = run.warningList.slice(-lastWarnings);
  lines.push(
    "",
    run.warningList.length > shown.length
      ? `warnings (last ${shown.length} of ${run.warningList.length})`
      : `warnings (${run.warningList.length})`,
  );
  for (const warning of shown) {
    const where = [
      warning.stage,
      warning.item,
      warning.file && `${warning.file}${warning.line ? `:${warning.line}` : ""}`,
    ]
      .filter(Boolean)
      .join(" ");
    lines.push(`  [${where}] ${warning.code}: ${warning.message}`);
  }
  return lines.join("\n");
}

export function renderPruneResult(result: PruneResult): string {
  const lines: string[] = [];
  const verb = result.dryRun ? "would delete" : "deleted";
  lines.push(`${verb} ${result.deleted.length} run(s), keeping the newest ${result.keepLast}`);
  for (const run of result.deleted)
    lines.push(`  ${run.id}  ${run.status}  ${shortTime(run.createdAt)}`);
  for (const run of result.skippedActive)
    lines.push(`  ${run.id}  kept: a live process holds its lock`);
  if (result.dryRun && result.deleted.length > 0)
    lines.push("dry run: nothing deleted; pass --yes to delete");
  return lines.join("\n");
}

export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const format = (row: string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ");
  return [format(header), ...rows.map(format)].join("\n");
}

function renderRecord(record: Record<string, number>, unit = ""): string {
  const entries = Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length === 0
    ? "-"
    : entries.map(([key, value]) => `${key}=${value}${unit}`).join(", ");
}

function shortTime(iso: string | undefined): string {
  return iso ? iso.replace("T", " ").replace(/\.\d+Z$/, "Z") : "-";
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
