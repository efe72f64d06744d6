import type { InsightsRunReport } from "./run-insights.js";

/** The human summary `tracemill insights run` prints at the end. */
export function renderInsightsReport(report: InsightsRunReport): string {
  const stages = Object.entries(report.stages)
    .filter(([, on]) => on)
    .map(([name]) => name)
    .join(", ");
  const lines = [
    `run ${report.runId} (${report.status}): ${stages}`,
    `  conversations ${report.conversations}, facets ${report.facets}` +
      (report.facetsResumed ? ` (${report.facetsResumed} from an earlier attempt)` : "") +
      (report.facetsFailed ? `, ${report.facetsFailed} failed` : ""),
  ];
  if (report.clusters !== undefined) lines.push(`  base clusters ${report.clusters}`);
  if (report.hierarchyLevels)
    lines.push(`  hierarchy levels ${report.hierarchyLevels.join(" → ")}`);
  if (report.clustersKept !== undefined) {
    lines.push(
      `  privacy: ${report.clustersKept} clusters shown, ${report.clustersHidden ?? 0} hidden`,
    );
  }
  if (report.eval) {
    const e = report.eval;
    lines.push(
      `  eval: accuracy ${e.accuracy.toFixed(3)}, ARI ${e.ari.toFixed(3)}, NMI ${e.nmi.toFixed(3)}, purity ${e.purity.toFixed(3)} (${e.clusters} clusters, ${e.topics} topics)`,
    );
  }
  const phases = Object.entries(report.durationsMs)
    .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)}s`)
    .join(", ");
  lines.push(`  time: ${phases}`);
  lines.push(
    `  tokens ${report.tokens.input} in / ${report.tokens.output} out, cost $${report.costUsd.toFixed(4)}; warnings ${report.warnings}`,
  );
  lines.push(`  → ${report.dir}`);
  return lines.join("\n");
}
