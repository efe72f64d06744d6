import type { PipelineCounts, PipelineReport } from "../types.js";

/** The conversations JSONL to grade and the folder to write one folder per conversation into. */
export interface ConversationGradeInput {
  input: string;
  out: string;
  /** Only the first n valid conversations; the lines after them are not read. */
  limit?: number;
  /** Conversations graded at once (model requests in flight); default 4. 1 grades in line order. */
  concurrency?: number;
  /** A run id, or "latest": continue that `insights-grade` run, grading only what it has not. */
  resume?: string;
  /** Clock for the grades' createdAt (tests). */
  now?: () => Date;
}

export interface GradedConversation {
  line: number;
  conversationId: string;
  traceId: string;
  /** The conversation's folder, relative to `out`. */
  folder: string;
  score: number;
}

export interface ConversationLineProblem {
  line: number;
  code: string;
  message: string;
}

export interface ConversationGradeDetail {
  input: string;
  out: string;
  /** provider:model of the judge, or `offline:conversation-heuristics/v1`. */
  judge: string;
  graded: GradedConversation[];
  /** Lines that are not a conversation (bad JSON, schema, repeated id): skipped, by line. */
  badLines: ConversationLineProblem[];
  /** Conversations read but not graded (the judge failed): quarantined, by line. */
  failed: ConversationLineProblem[];
  /** Secrets and personal data replaced before anything was judged or written. */
  redactions: number;
  /** Set when the run was stopped (its signal aborted) before the end: resume it with `resume`. */
  interrupted?: true;
}

/** Graded, bad and failed lines in line order, whatever order the concurrent grading ended in. */
export function sortDetail(detail: ConversationGradeDetail): void {
  detail.graded.sort((a, b) => a.line - b.line);
  detail.badLines.sort((a, b) => a.line - b.line);
  detail.failed.sort((a, b) => a.line - b.line);
}

export function gradeCounts(detail: ConversationGradeDetail): PipelineCounts {
  const skippedByReason: Record<string, number> = {};
  for (const bad of detail.badLines)
    skippedByReason[bad.code] = (skippedByReason[bad.code] ?? 0) + 1;
  return {
    in: detail.graded.length + detail.failed.length + detail.badLines.length,
    written: detail.graded.length,
    quarantined: detail.failed.length,
    skipped: detail.badLines.length,
    quarantinedByReason: detail.failed.length > 0 ? { grade_failed: detail.failed.length } : {},
    skippedByReason,
  };
}

/** The report for the terminal: counts that add up, the judge, then each problem by file:line. */
export function renderConversationGradeReport(
  report: PipelineReport<ConversationGradeDetail>,
): string {
  const { counts, detail } = report;
  const reasons = Object.entries(counts.skippedByReason)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, count]) => `${reason} ${count}`);
  const scores = detail.graded.map((item) => item.score);
  const mean =
    scores.length === 0 ? undefined : Math.round(scores.reduce((a, b) => a + b, 0) / scores.length);
  return [
    `conversations (${report.status}): ${counts.in} in = ${counts.written} written + ${counts.quarantined} quarantined + ${counts.skipped} skipped${reasons.length > 0 ? ` (${reasons.join(", ")})` : ""}`,
    `  judge ${detail.judge}${mean === undefined ? "" : `; mean score ${mean}`}; ${detail.redactions} redaction(s)${report.runId === undefined ? "" : `; run ${report.runId}`}`,
    ...(detail.interrupted && report.runId !== undefined
      ? [`  interrupted: continue with --resume ${report.runId}`]
      : []),
    `  → ${detail.out}/<conversation>/trace.json, grade.json (tracemill export all --from ${detail.out})`,
    ...report.warnings.map((warning) => `  ${warning}`),
  ].join("\n");
}
