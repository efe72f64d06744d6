import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import pLimit from "p-limit";
import type { Config } from "../../core/config.js";
import { TracemillError, toTracemillError } from "../../core/errors.js";
import { writeJsonAtomic } from "../../core/files.js";
import type { Grader } from "../../grade/grader.js";
import { findMediaTool } from "../../media/tools.js";
import type { ModelClient, ModelClientDeps } from "../../model/model-client.js";
import { createRedactor, type Redactor } from "../../model/redact.js";
import { requestCounts } from "../../model/request-metrics.js";
import type { RequestMetrics } from "../../model/types.js";
import { addRedactionCounts, emptyRedactionCounts } from "../../privacy/redact-trace.js";
import { modelAttemptRecorder } from "../../runs/model-attempt-events.js";
import { openRun } from "../../runs/open-run.js";
import { type RunTally, tallyCounts } from "../../runs/run-tally.js";
import { readerNamed } from "../../sources/readers.js";
import type { ProcessOptions } from "./options.js";
import { processScreenSession, type SessionOutcome } from "./process-session.js";

/**
 * `tracemill process` as a library call: every session in its own try, so one bad session is
 * one clear line and the others still finish; the whole run is recorded in a run folder and
 * summarised in `<out>/metrics.json`.
 */
export interface SessionFailure {
  sessionId: string;
  code: string;
  message: string;
}

export interface ProcessReport {
  runId: string;
  judge?: string;
  /** Sessions in = processed (written) + failed (quarantined) + skipped. */
  tally: RunTally;
  outcomes: SessionOutcome[];
  failures: SessionFailure[];
}

export interface ProcessHooks {
  /** One line for the person at the terminal (judge announcement, per-session failures). */
  notice: (line: string) => void;
  onSessionDone?: (sessionId: string, done: number, total: number) => void;
  toolVersion: string;
  /** The run's redactor; one from `config.redaction` when absent. */
  redactor?: Redactor;
  /**
   * The judge's model door; built from `config` (and `--judge`) when absent. A client handed in
   * reports its own tokens and cost: metrics.json counts its requests, not its token sums.
   */
  client?: ModelClient;
}

export async function processScreenSessions(
  options: ProcessOptions,
  config: Config,
  hooks: ProcessHooks,
): Promise<ProcessReport> {
  const started = performance.now();
  const ids = options.sessions ?? (await listSessionIds(options));
  const [ffmpeg, ffprobe] = await Promise.all([
    findMediaTool("ffmpeg", { explicitPath: options.ffmpeg }),
    findMediaTool("ffprobe", { explicitPath: options.ffprobe }),
  ]);
  const redactor = hooks.redactor ?? createRedactor(config.redaction);
  const run = await openRun({
    runsDir: config.runsDir,
    command: "process",
    inputs: [],
    config: { options, model: config.model, redaction: config.redaction },
    toolVersion: hooks.toolVersion,
    redactor,
  });
  const metrics: RequestMetrics[] = [];
  const attemptEvents: Promise<void>[] = [];
  // The model door and the judge load only for a run that grades or augments: a run without
  // them does not pay for loading the model providers and the grader.
  const client =
    options.grade || options.augment
      ? (hooks.client ??
        (await createJudgeClient(
          options,
          config,
          redactor,
          metrics,
          modelAttemptRecorder(run, "sessions", attemptEvents),
        )))
      : undefined;
  const grader: Grader | undefined =
    options.grade && client
      ? new (await import("../../grade/grader.js")).Grader({
          client,
          chunkSize: options.chunkSize,
          weights: options.weights,
          seed: config.model.seed,
        })
      : undefined;
  if (options.augment && options.format !== "web")
    hooks.notice("process: --augment applies to web sessions only; ignored");
  if (grader)
    hooks.notice(
      `process: judge ${grader.judge}${grader.judge.startsWith("offline") ? " (offline heuristics, no language model)" : ""}`,
    );

  const stage = await run.stage("sessions");
  const limit = pLimit(options.concurrency);
  const outcomes: SessionOutcome[] = [];
  const failures: SessionFailure[] = [];
  let done = 0;
  await Promise.all(
    ids.map((id) =>
      limit(async () => {
        try {
          const outcome = await processScreenSession(id, options, {
            ffmpegPath: ffmpeg?.path,
            ffprobePath: ffprobe?.path,
            grader,
            augmentClient: options.augment ? client : undefined,
            redactor,
          });
          outcomes.push(outcome);
          await run.warnAll(
            outcome.warnings.map((warning) => ({ stage: "sessions", item: id, ...warning })),
          );
          await stage.appendItem(id, summarise(outcome));
        } catch (error) {
          const failure = toTracemillError(error);
          // An error may quote the input it stopped at: it passes the detectors like the outputs.
          const message = redactor.redactText(failure.message).text;
          failures.push({ sessionId: id, code: failure.code, message });
          hooks.notice(`tracemill: session ${id}: ${failure.code}: ${message}`);
          await run.warn({ stage: "sessions", item: id, code: failure.code, message });
        }
        done += 1;
        hooks.onSessionDone?.(id, done, ids.length);
      }),
    ),
  );
  await stage.complete();
  await Promise.all(attemptEvents);
  outcomes.sort((a, b) => a.sessionId.localeCompare(b.sessionId));
  const usage = sumUsage(metrics);
  const requests = client === undefined ? undefined : requestCounts(client.usage());
  const tally: RunTally = {
    in: ids.length,
    written: outcomes.length,
    quarantined: failures.length,
    skipped: {},
  };
  run.addMetrics({
    counts: {
      sessions: ids.length,
      processed: outcomes.length,
      failed: failures.length,
      ...tallyCounts(tally),
      ...requests,
      redactions: totalRedactions(outcomes).total,
    },
    durationsMs: { total: Math.round(performance.now() - started) },
    tokens: { input: usage.inputTokens, output: usage.outputTokens },
    costUsd: usage.costUsd,
  });
  await mkdir(options.out, { recursive: true });
  await writeJsonAtomic(
    join(options.out, "metrics.json"),
    runMetrics(
      ids.length,
      outcomes,
      failures,
      usage,
      requests,
      performance.now() - started,
      run.id,
      grader?.judge,
    ),
  );
  await run.finish(failures.length > 0 && outcomes.length === 0 ? "failed" : "completed");
  return { runId: run.id, judge: grader?.judge, tally, outcomes, failures };
}

async function listSessionIds(options: ProcessOptions): Promise<string[]> {
  const reader = readerNamed(options.format);
  if (reader.listSessions === undefined)
    throw new TracemillError(
      "input_invalid",
      `${reader.name} sources are not read session by session`,
    );
  return reader.listSessions(options.data);
}

/** The judge's model door: --judge, else the configured model when one is set (or a key is), else offline. */
async function createJudgeClient(
  options: ProcessOptions,
  config: Config,
  redactor: ReturnType<typeof createRedactor>,
  metrics: RequestMetrics[],
  onAttempt: ModelClientDeps["onAttempt"],
): Promise<ModelClient> {
  const { createConfiguredModelClient } = await import("../../model/configured-client.js");
  const configured =
    config.model.provider.startsWith("offline:") && config.model.apiKey
      ? "openai:gpt-4o-mini"
      : config.model.provider;
  return createConfiguredModelClient(config, {
    provider: options.judge ?? configured,
    redactor,
    onMetrics: (entry) => metrics.push(entry),
    ...(onAttempt === undefined ? {} : { onAttempt }),
  });
}

function summarise(outcome: SessionOutcome) {
  return {
    outDir: outcome.outDir,
    regraded: outcome.regraded,
    steps: outcome.steps,
    frames: outcome.frames,
    messages: outcome.messages,
    warnings: outcome.warnings.length,
    redactions: outcome.redactions.total,
    ...(outcome.evaluation
      ? { score: outcome.evaluation.score, judge: outcome.evaluation.judge }
      : {}),
  };
}

function sumUsage(metrics: RequestMetrics[]) {
  return metrics.reduce(
    (sum, entry) => ({
      inputTokens: sum.inputTokens + entry.usage.inputTokens,
      outputTokens: sum.outputTokens + entry.usage.outputTokens,
      costUsd: sum.costUsd + entry.usage.costUsd,
      requests: sum.requests + (entry.outcome === "cached" ? 0 : 1),
      cachedRequests: sum.cachedRequests + (entry.outcome === "cached" ? 1 : 0),
    }),
    { inputTokens: 0, outputTokens: 0, costUsd: 0, requests: 0, cachedRequests: 0 },
  );
}

/** Redactions across sessions, per kind: what the privacy boundary replaced, never the values. */
function totalRedactions(outcomes: SessionOutcome[]) {
  const total = emptyRedactionCounts();
  for (const outcome of outcomes) addRedactionCounts(total, outcome.redactions);
  return total;
}

function runMetrics(
  total: number,
  outcomes: SessionOutcome[],
  failures: SessionFailure[],
  usage: ReturnType<typeof sumUsage>,
  requests: Record<string, number> | undefined,
  durationMs: number,
  runId: string,
  judge: string | undefined,
) {
  const scores = outcomes.flatMap((outcome) =>
    outcome.evaluation ? [outcome.evaluation.score] : [],
  );
  return {
    runId,
    sessions: { total, processed: outcomes.length, failed: failures.length },
    steps: outcomes.reduce((sum, outcome) => sum + outcome.steps, 0),
    frames: outcomes.reduce((sum, outcome) => sum + outcome.frames, 0),
    messages: outcomes.reduce((sum, outcome) => sum + outcome.messages, 0),
    warnings: outcomes.reduce((sum, outcome) => sum + outcome.warnings.length, 0) + failures.length,
    duplicateEvents: outcomes.reduce((sum, outcome) => sum + (outcome.duplicateEvents ?? 0), 0),
    redactions: totalRedactions(outcomes),
    ...(judge
      ? {
          judge,
          graded: scores.length,
          meanScore: scores.length
            ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10
            : null,
        }
      : {}),
    usage,
    ...(requests === undefined ? {} : { requests }),
    durationMs: Math.round(durationMs),
    failures,
  };
}
