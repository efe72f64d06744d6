import { mkdir } from "node:fs/promises";
import { basename, resolve } from "node:path";
import pLimit from "p-limit";
import { TracemillError, toTracemillError } from "../../core/errors.js";
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
import { readStoredWarnings } from "../../runs/stored-warnings.js";
import {
  assertReadableFile,
  readConversationLines,
} from "../../sources/conversations/conversation-lines.js";
import { toolVersion } from "../../version.js";
import type { PipelineDeps, PipelineReport } from "../types.js";
import { statusFromCounts } from "../types.js";
import {
  type ConversationGradeDetail,
  type ConversationGradeInput,
  type ConversationLineProblem,
  gradeCounts,
  sortDetail,
} from "./conversation-grade-report.js";
import { readKeptGrade } from "./grade-resume.js";

export {
  type ConversationGradeDetail,
  type ConversationGradeInput,
  type ConversationLineProblem,
  type GradedConversation,
  renderConversationGradeReport,
} from "./conversation-grade-report.js";

/** Conversations graded at once when the input does not say. */
export const defaultGradeConcurrency = 4;

/**
 * Conversations onto the spine: a conversations JSONL read through the conversations reader's one
 * pass (each line a Trace of kind `conversation`), each Trace redacted by the one redactor, graded
 * (`gradeConversation`: the configured model, one request each, or the offline heuristics) and
 * written as `<out>/<conversation>/trace.json` + `grade.json`, the tracemill tree `tracemill
 * export` turns into SFT/RAG/preference rows whose provenance names the JSONL file and line.
 * Counts are non-empty lines: written = graded conversations, quarantined = judge failures,
 * skipped = lines that are not a conversation (by code, each named by file:line in the warnings).
 *
 * Up to `concurrency` conversations are graded at once; the report lists them by line, so it is
 * the same whatever order they finished in. With `resume`, a conversation the run already graded
 * (its item done and its grade.json readable) is not graded again: its entry is rebuilt from the
 * grade on disk, so the files, counts and report equal those of a run that was never stopped.
 */
export async function gradeConversations(
  input: ConversationGradeInput,
  deps: PipelineDeps,
): Promise<PipelineReport<ConversationGradeDetail>> {
  const path = resolve(input.input);
  const file = basename(path);
  const concurrency = input.concurrency ?? defaultGradeConcurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new TracemillError(
      "input_invalid",
      `concurrency must be a whole number ≥ 1, got ${concurrency}`,
    );
  await assertReadableFile(path);
  // The run folder records the input's hash, the settings, one item per graded conversation,
  // every model attempt and every warning, as every other pipeline's run does. Concurrency is not
  // a setting of the output, so a run may be resumed with another.
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
    ...(input.resume === undefined ? {} : { resume: input.resume }),
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
  const runWarnings: Promise<void>[] = [];
  // A resumed run already holds the warnings of the lines it read before: not recorded twice.
  const recorded = new Set(
    input.resume === undefined
      ? []
      : (await readStoredWarnings(run.dir)).map(
          (warning) => `${warning.item}\u0000${warning.code}`,
        ),
  );
  // A bad line's message can quote the line (a JSON parse error does): redacted like the rest.
  const problem = (line: number, code: string, message: string): ConversationLineProblem => {
    const shown = deps.redactor.redactText(message).text;
    const item = `${file}:${line}`;
    if (!recorded.has(`${item}\u0000${code}`))
      runWarnings.push(run.warn({ stage: "grade", item, code, message: shown, file, line }));
    return { line, code, message: shown };
  };
  const stage = await run.stage("grade");
  const sourceFile = { path: file, ...(await sha256File(path)) };
  const lines = readConversationLines(path, { file, sourceFile });

  let finished = 0;
  /** One conversation: kept from the resumed run, or graded and written; a failed write throws. */
  const gradeOne = async (line: number, trace: Trace, redactions: number): Promise<void> => {
    // Stopped while this one waited for a slot: left for the resumed run, as if never read.
    if (deps.signal?.aborted) {
      detail.interrupted = true;
      return;
    }
    detail.redactions += redactions;
    const key = `${file}:${line}`;
    const conversationId = trace.task?.id ?? trace.id;
    const folder = folderName(trace);
    const wasDone = stage.isDone(key);
    let grade: Grade | undefined = wasDone
      ? await readKeptGrade(input.out, folder, trace)
      : undefined;
    if (grade === undefined) {
      if (wasDone)
        runWarnings.push(
          run.warn({
            stage: "grade",
            item: key,
            code: "grade_redone",
            message: `${folder}/grade.json is missing or unreadable; the conversation is graded again`,
            file,
            line,
          }),
        );
      try {
        grade = await gradeConversation(trace, {
          client,
          redactor: deps.redactor,
          ...(input.now === undefined ? {} : { now: input.now }),
        });
      } catch (error) {
        // One conversation the judge could not grade; a write that fails below stops the run.
        const failure = toTracemillError(error);
        detail.failed.push(problem(line, "grade_failed", `${failure.code}: ${failure.message}`));
      }
      if (grade !== undefined) {
        await mkdir(safeJoin(input.out, folder), { recursive: true });
        await writeJsonAtomic(safeJoin(input.out, folder, "trace.json"), trace);
        await writeJsonAtomic(safeJoin(input.out, folder, "grade.json"), grade);
      }
    }
    if (grade !== undefined) {
      const graded = { line, conversationId, traceId: trace.id, folder, score: grade.score };
      detail.graded.push(graded);
      if (!wasDone) await stage.appendItem(key, graded);
    }
    finished += 1;
    deps.onProgress?.("grade", finished, undefined, conversationId);
  };

  const limiter = pLimit(concurrency);
  const inFlight = new Set<Promise<void>>();
  let stopped: unknown;
  let started = 0;
  try {
    reading: for await (const batch of lines) {
      for (const item of batch) {
        if (deps.signal?.aborted) {
          detail.interrupted = true;
          break reading;
        }
        if (stopped !== undefined) break reading;
        if (item.kind === "empty") continue;
        if (item.kind === "invalid") {
          detail.badLines.push(problem(item.line, item.error.code, item.error.message));
          continue;
        }
        const redacted = redactTrace(item.trace, deps.redactor);
        const { counts } = redacted;
        const trace = withoutUserId(redacted.trace);
        const task: Promise<void> = limiter(() => gradeOne(item.line, trace, counts.total)).then(
          () => {
            inFlight.delete(task);
          },
          (error: unknown) => {
            inFlight.delete(task);
            stopped ??= error;
          },
        );
        inFlight.add(task);
        started += 1;
        if (input.limit !== undefined && started >= input.limit) break reading;
        // Read ahead at most one more window of conversations than are being graded.
        while (inFlight.size >= 2 * concurrency) await Promise.race(inFlight);
      }
    }
    await Promise.all(inFlight);
    if (stopped !== undefined) throw stopped;
  } catch (error) {
    await Promise.allSettled([...inFlight, ...attempts, ...runWarnings]);
    await run.finish("failed");
    throw error;
  }
  sortDetail(detail);
  const counts = gradeCounts(detail);
  await Promise.all([...attempts, ...runWarnings]);
  if (!detail.interrupted) await stage.complete();
  // Totals of the whole run (set, so a resumed run does not add them twice); requests are this
  // process's own, added to those of the processes before it.
  run.setCounts({
    in: counts.in,
    written: counts.written,
    quarantined: counts.quarantined,
    skipped: counts.skipped,
    redactions: detail.redactions,
  });
  run.addMetrics({ counts: requestCounts(client.usage()) });
  const status = detail.interrupted ? "partial" : statusFromCounts(counts);
  await run.finish(
    detail.interrupted ? "interrupted" : status === "failed" ? "failed" : "completed",
  );
  return {
    kind: "conversations",
    runId: run.id,
    status,
    counts,
    warnings: [...detail.badLines, ...detail.failed]
      .sort((a, b) => a.line - b.line)
      .map((bad) => `${file}:${bad.line}: ${bad.code}: ${bad.message}`),
    outputs: [input.out, run.dir],
    detail,
  };
}

/** The conversation id when it is a safe folder name, else the trace id (always safe). */
function folderName(trace: Trace): string {
  const id = trace.task?.id;
  return id !== undefined && isSafeId(id) ? id : trace.id;
}

/**
 * The user id stays out of everything written: grading and export need none, and the insights
 * pipeline keys users only by a salted hash. The trace keeps the actor's role.
 */
function withoutUserId(trace: Trace): Trace {
  if (trace.actor?.id === undefined) return trace;
  const { id: _id, ...actor } = trace.actor;
  const { actor: _actor, ...rest } = trace;
  return Object.keys(actor).length === 0 ? rest : { ...rest, actor };
}
