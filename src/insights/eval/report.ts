import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeJsonAtomic } from "../../runs/run-files.js";
import type { ClusteringMetrics, TopicMetrics } from "./metrics.js";

/**
 * Writes the evaluation stage's two files into `<dir>/eval/`: `phase6_metrics.json` (machine-read)
 * and `report.md` (for people). `dir` is the run folder. Both are replaced atomically.
 */
export const evalMetricsSchemaId = "tracemill.insights.eval_metrics/v1";

export interface EvalReportInput {
  metrics: ClusteringMetrics;
  perTopic: TopicMetrics[];
  /** what produced the numbers: count, seed, generator, k, embedder … (no secrets) */
  config: Record<string, unknown>;
  /** optional per-language breakdown or anything else worth keeping */
  extra?: Record<string, unknown>;
}

export interface EvalReportFiles {
  metricsPath: string;
  reportPath: string;
}

export async function writeEvalReport(
  dir: string,
  input: EvalReportInput,
): Promise<EvalReportFiles> {
  const evalDir = join(dir, "eval");
  await mkdir(evalDir, { recursive: true });
  const metricsPath = join(evalDir, "phase6_metrics.json");
  const reportPath = join(evalDir, "report.md");
  await writeJsonAtomic(metricsPath, {
    schema: evalMetricsSchemaId,
    metrics: input.metrics,
    per_topic: input.perTopic,
    config: input.config,
    ...(input.extra === undefined ? {} : { extra: input.extra }),
  });
  const temporary = `${reportPath}.${process.pid}.tmp`;
  await writeFile(temporary, renderEvalReport(input));
  await rename(temporary, reportPath);
  return { metricsPath, reportPath };
}

export function renderEvalReport(input: EvalReportInput): string {
  const { metrics } = input;
  const lines = [
    "# Insights evaluation",
    "",
    `Synthetic conversations on known topics were run through the pipeline; clusters are compared with the topics (${metrics.n} conversations, ${metrics.classes} topics, ${metrics.clusters} clusters).`,
    "",
    "| metric | value | meaning |",
    "|---|---|---|",
    `| accuracy | ${fixed(metrics.accuracy)} | share of conversations in the cluster matched one-to-one to their topic (Hungarian matching) |`,
    `| ARI | ${fixed(metrics.ari)} | adjusted Rand index: 1 identical, about 0 random |`,
    `| NMI | ${fixed(metrics.nmi)} | normalised mutual information (arithmetic mean of entropies) |`,
    `| purity | ${fixed(metrics.purity)} | share of conversations in their cluster's majority topic |`,
    "",
    "## Per topic",
    "",
    "| topic | conversations | matched cluster | recall | precision | plurality cluster (share) |",
    "|---|---|---|---|---|---|",
    ...input.perTopic.map(
      (topic) =>
        `| ${topic.topic} | ${topic.count} | ${topic.matched_cluster ?? "none"} | ${fixed(topic.recall)} | ${fixed(topic.precision)} | ${topic.plurality_cluster} (${fixed(topic.plurality_share)}) |`,
    ),
    "",
    "## Configuration",
    "",
    ...Object.entries(input.config).map(([key, value]) => `- ${key}: ${JSON.stringify(value)}`),
    "",
  ];
  return lines.join("\n");
}

function fixed(value: number): string {
  return value.toFixed(3);
}
