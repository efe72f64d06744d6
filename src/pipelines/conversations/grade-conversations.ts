import { mkdir } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { toTracemillError } from "../../core/errors.js";
import { writeJsonAtomic } from "../../core/files.js";
import type { Grade } from "../../core/grade.js";
import { sha256File } from "../../core/hash.js";
import { isSafeId, safeJoin } from "../../core/safe-path.js";
import type { Trace } from "../../core/trace.js";
import { gradeConversation } from "../../grade/conversation-judge.js";
import { offlineConversationJudgeName } from "../../grade/conversation-offline-judge.js";
import { createConfiguredModelClient } from "../../model/configured-client.js";
import { requestCounts } from "../../model/request-metrics.js";
import { redactTrace } from "../../privacy/redact-trace.js";
import { modelAttemptRecorder } from "../../runs/model-attempt-events.js";
import { openRun } from "../../runs/open-run.js";
import {
  assertReadableFile,
  readConversationLines,
} from "../../sources/conversations/conversation-lines.js";
import { toolVersion } from "../../version.js";
import type { PipelineCounts, PipelineDeps, PipelineReport } from "../types.js";
import { statusFromCounts } from "../types.js";

/** The conversations JSONL to grade and the folder to write one folder per conversation into. */
export interface ConversationGradeInput {
  input: string;
  out: string;
  /** Only the first n valid conversations; the lines after them are not read. */
  limit?: number;
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
}

/**
 * Conversations onto the spine: a conversations JSONL read through the conversations reader's one
 * pass (each line a Trace of kind `conversation`), each Trace redacted by the one redactor, graded
 * (`gradeConversation`: the configured model, one request each, or the offline heuristics) and
 * written as `<out>/<conversation>/trace.json` + `grade.json`, the tracemill tree `tracemill
 * export` turns into SFT/RAG/preference rows whose provenance names the JSONL file and line.
 * Counts are non-empty lines: written = graded conversations, quarantined = judge failures,
 * skipped = lines that are not a conversation (by code, each named by file:line in the warnings).
 */
export async function gradeConversations(
  input: ConversationGradeInput,
  deps: PipelineDeps,
): Promise<PipelineReport<ConversationGradeDetail>> {
  const path = resolve(input.input);
  const file = basename(path);
  await assertReadableFile(path);
  // The run folder records the input's hash, the settings, one item per graded conversation,
  // every model attempt and every warning, as every other pipeline's run does.
  const run = await openRun({
    runsDir: deps.config.runsDir,
    command: "insights-grade",
    inputs: [path],
    config: {
      out: resolve(input.out),
      ...(input.limit === undefined ? {} : { limit: input.limit }),
      model: deps.config.model,
    },
    toolVersion,
    redactor: deps.redactor,
  });
  const attempts: Promise<void>[] = [];
  const client =
    deps.client ??
    createConfiguredModelClient(deps.config, {
      redactor: deps.redactor,
      onAttempt: modelAttemptRecorder(run, "grade", attempts),
    });
  const judge = client.offline
    ? offlineConversationJudgeName
    : `${client.provider}:${client.model}`;
  const detail: ConversationGradeDetail = {
    input: path,
    out: input.out,
    judge,
    graded: [],
    badLines: [],
    failed: [],
    redactions: 0,
  };
  const warnings: string[] = [];
  const runWarnings: Promise<void>[] = [];
  // A bad line's message can quote the line (a JSON parse error does): redacted like the rest.
  const problem = (line: number, code: string, message: string): ConversationLineProblem => {
    const shown = deps.redactor.redactText(message).text;
    warnings.push(`${file}:${line}: ${code}: ${shown}`);
    runWarnings.push(
      run.warn({ stage: "grade", item: `${file}:${line}`, code, message: shown, file, line }),
    );
    return { line, code, message: shown };
  };
  const stage = await run.stage("grade");
  const sourceFile = { path: file, ...(await sha256File(path)) };
  const lines = readConversationLines(path, { file, sourceFile });
  let done = 0;
  try {
    reading: for await (const batch of lines) {
      for (const item of batch) {
        if (deps.signal?.aborted) break reading;
        if (item.kind === "empty") continue;
        if (item.kind === "invalid") {
          detail.badLines.push(problem(item.line, item.error.code, item.error.message));
          continue;
        }
        const { trace, counts } = redactTrace(item.trace, deps.redactor);
        detail.redactions += counts.total;
        const conversationId = trace.task?.id ?? trace.id;
        let grade: Grade | undefined;
        try {
          grade = await gradeConversation(trace, {
            client,
            redactor: deps.redactor,
            ...(input.now === undefined ? {} : { now: input.now }),
          });
        } catch (error) {
          // One conversation the judge could not grade; a write that fails below stops the run.
          const failure = toTracemillError(error);
          detail.failed.push(
            problem(item.line, "grade_failed", `${failure.code}: ${failure.message}`),
          );
        }
        if (grade !== undefined) {
          const folder = folderName(trace);
          await mkdir(safeJoin(input.out, folder), { recursive: true });
          await writeJsonAtomic(safeJoin(input.out, folder, "trace.json"), trace);
          await writeJsonAtomic(safeJoin(input.out, folder, "grade.json"), grade);
          const graded = {
            line: item.line,
            conversationId,
            traceId: trace.id,
            folder,
            score: grade.score,
          };
          detail.graded.push(graded);
          await stage.appendItem(`${file}:${item.line}`, graded);
        }
        done += 1;
        deps.onProgress?.("grade", done, undefined, conversationId);
        if (input.limit !== undefined && done >= input.limit) break reading;
      }
    }
  } catch (error) {
    await Promise.allSettled([...attempts, ...runWarnings]);
    await run.finish("failed");
    throw error;
  }
  const counts = gradeCounts(detail);
  await Promise.all([...attempts, ...runWarnings]);
  await stage.complete();
  run.addMetrics({
    counts: {
      in: counts.in,
      written: counts.written,
      quarantined: counts.quarantined,
      skipped: counts.skipped,
      redactions: detail.redactions,
      ...requestCounts(client.usage()),
    },
  });
  const status = statusFromCounts(counts);
  await run.finish(status === "failed" ? "failed" : "completed");
  return {
    kind: "conversations",
    runId: run.id,
    status,
    counts,
    warnings,
    outputs: [input.out, run.dir],
    detail,
  };
}

/** The conversation id when it is a safe folder name, else the trace id (always safe). */
function folderName(trace: Trace): string {
  const id = trace.task?.id;
  return id !== undefined && isSafeId(id) ? id : trace.id;
}

function gradeCounts(detail: ConversationGradeDetail): PipelineCounts {
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
    `  → ${detail.out}/<conversation>/trace.json, grade.json (tracemill export all --from ${detail.out})`,
    ...report.warnings.map((warning) => `  ${warning}`),
  ].join("\n");
}
