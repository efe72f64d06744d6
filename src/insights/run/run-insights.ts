import { TracemillError, toTracemillError } from "../../core/errors.js";
import type { Embedder } from "../../model/embedders/types.js";
import type { ModelClient } from "../../model/model-client.js";
import type { Redactor } from "../../model/redact.js";
import { openRun } from "../../runs/open-run.js";
import type { Run } from "../../runs/run-session.js";
import { readConversations } from "../input/read-conversations.js";
import { renderValidationReport } from "../input/render-validation-report.js";
import { type InputValidationReport, validateInputFile } from "../input/validate-input.js";
import { type AnalysisDeps, type AnalysisSettings, analyseFacets } from "./analyse.js";
import { insightsFiles, writeJson } from "./artifacts.js";
import { type EvalStageResult, runEvalStage } from "./eval-stage.js";
import { runFacetsStage } from "./facets-stage.js";
import {
  effectiveStages,
  fingerprintedOptions,
  type InsightsRunOptions,
  type InsightsRunOptionsInput,
  insightsRunOptionsSchema,
} from "./options.js";
import { estimateRun, type PreflightEstimate } from "./preflight.js";

/**
 * `tracemill insights run` as a library call: validate the input, estimate, then run the requested
 * stages inside a run folder (manifest with input hash and config fingerprint, events, metrics,
 * warnings, lock). Facets checkpoint per conversation; the later stages are recomputed from the
 * facets on a resume (deterministic, embeddings reused from the run, model answers from the cache).
 */
export const insightsCommandName = "insights";

export interface InsightsRunDeps {
  /** The model door; undefined or offline means the offline algorithms. */
  client?: ModelClient;
  embedder: Embedder;
  /** Secret for the salted user keys; keep it outside the run folder and the same across resumes. */
  salt: string | Uint8Array;
  toolVersion: string;
  redactor?: Redactor;
  logConsole?: { stream: NodeJS.WritableStream; level?: string };
  /** Sees the estimate first; return false to stop before anything runs. */
  confirm?(estimate: PreflightEstimate): boolean | Promise<boolean>;
  onValidation?(report: InputValidationReport): void;
  onPhase?(phase: string, state: "start" | "end"): void;
  onProgress?(phase: string, done: number, total: number | undefined): void;
  /** Test hook: called after each facet is checkpointed; a throw fails the run there. */
  afterFacet?(count: number): void | Promise<void>;
}

export interface InsightsRunReport {
  runId: string;
  dir: string;
  status: "completed" | "failed";
  stages: InsightsRunOptions["stages"];
  preflight: PreflightEstimate;
  conversations: number;
  facets: number;
  facetsResumed: number;
  facetsFailed: number;
  clusters?: number;
  clustersKept?: number;
  clustersHidden?: number;
  hierarchyLevels?: number[];
  eval?: EvalStageResult;
  warnings: number;
  tokens: { input: number; output: number };
  costUsd: number;
  durationsMs: Record<string, number>;
}

export async function runInsights(
  input: InsightsRunOptionsInput,
  deps: InsightsRunDeps,
): Promise<InsightsRunReport> {
  const options = insightsRunOptionsSchema.parse(input);
  const stages = effectiveStages(options.stages);
  if (!Object.values(stages).some(Boolean)) {
    throw new TracemillError(
      "input_invalid",
      "no stage selected: pass --with-facets, --with-clustering, --with-labeling, --with-hierarchy, --with-privacy, --with-eval or --all",
    );
  }
  const validation = options.skipValidation ? undefined : await validateInputFile(options.input);
  if (validation) {
    deps.onValidation?.(validation);
    if (validation.valid_conversations === 0) {
      throw new TracemillError(
        "input_invalid",
        `${options.input}: no valid conversation\n${renderValidationReport(validation)}`,
      );
    }
    if (mostlyInvalid(validation) && !options.allowInvalid) {
      throw new TracemillError(
        "input_invalid",
        `${options.input}: ${validation.invalid_lines} of ${validation.non_empty_lines} lines are invalid; fix the input or pass --allow-invalid to run on the ${validation.valid_conversations} valid conversations\n${renderValidationReport(validation)}`,
      );
    }
  }
  const client = deps.client && !deps.client.offline ? deps.client : undefined;
  const preflight = await estimateRun(options, client);
  if (options.maxCostUsd !== undefined && preflight.cost_usd > options.maxCostUsd) {
    throw new TracemillError(
      "budget_exceeded",
      `estimated cost $${preflight.cost_usd.toFixed(4)} is over --max-cost $${options.maxCostUsd}`,
    );
  }
  if (deps.confirm && !(await deps.confirm(preflight))) {
    throw new TracemillError("conflict", "not started: the preflight estimate was not confirmed");
  }

  const run = await openRun({
    runsDir: options.runsDir,
    command: insightsCommandName,
    inputs: [options.input],
    config: fingerprintedOptions(options, {
      provider: client ? `${client.provider}:${client.model}` : "offline",
      embedder: `${deps.embedder.provider}:${deps.embedder.model}`,
    }),
    toolVersion: deps.toolVersion,
    ...(options.runId === undefined ? {} : { runId: options.runId }),
    ...(options.resume === undefined ? {} : { resume: options.resume }),
    ...(deps.redactor ? { redactor: deps.redactor } : {}),
    ...(deps.logConsole ? { logConsole: deps.logConsole } : {}),
  });
  const usageBefore = client?.usage();
  try {
    const report = await runStages(run, options, stages, preflight, validation, {
      ...deps,
      client,
    });
    const usage = client?.usage();
    const tokens = {
      input: (usage?.inputTokens ?? 0) - (usageBefore?.inputTokens ?? 0),
      output: (usage?.outputTokens ?? 0) - (usageBefore?.outputTokens ?? 0),
    };
    const costUsd = (usage?.costUsd ?? 0) - (usageBefore?.costUsd ?? 0);
    run.addMetrics({ tokens, costUsd });
    const failing = options.failOnWarning && report.warnings > 0;
    await run.finish(failing ? "failed" : "completed");
    if (failing) {
      throw new TracemillError(
        "input_invalid",
        `run ${run.id} finished with ${report.warnings} warnings and --fail-on-warning (see ${run.dir}/warnings.json)`,
      );
    }
    return { ...report, tokens, costUsd, status: "completed" };
  } catch (error) {
    await run.finish("failed").catch(() => undefined);
    throw error;
  }
}

/** More than half of the non-empty lines failed validation: a run on the rest is no success. */
export function mostlyInvalid(validation: InputValidationReport): boolean {
  return validation.invalid_lines * 2 > validation.non_empty_lines;
}

type ReportCore = Omit<InsightsRunReport, "tokens" | "costUsd" | "status">;

async function runStages(
  run: Run,
  options: InsightsRunOptions,
  stages: InsightsRunOptions["stages"],
  preflight: PreflightEstimate,
  validation: InputValidationReport | undefined,
  deps: InsightsRunDeps,
): Promise<ReportCore> {
  let warnings = 0;
  const durationsMs: Record<string, number> = {};
  const warn = async (warning: { stage: string; item?: string; code: string; message: string }) => {
    warnings += 1;
    await run.warn(warning);
    // --strict: a per-item failure (a facet, a label or hierarchy fallback) fails the run; input problems stay warnings.
    if (options.strict && warning.stage !== "validate") {
      throw new TracemillError("input_invalid", `--strict: ${warning.stage}: ${warning.message}`);
    }
  };
  await writeJson(run.dir, insightsFiles.preflight, preflight);
  if (validation) {
    await writeJson(run.dir, insightsFiles.validation, validation);
    for (const error of validation.errors) {
      await warn({
        stage: "validate",
        code: error.code,
        message: `${options.input}:${error.line_number}: ${error.message}`,
      });
    }
    if (validation.errors_truncated > 0) {
      await warn({
        stage: "validate",
        code: "more_input_errors",
        message: `${validation.errors_truncated} more invalid lines in ${options.input} (see ${insightsFiles.validation})`,
      });
    }
  }
  const phaseDone = (phase: string, durationMs: number, counts: Record<string, number>) => {
    durationsMs[phase] = (durationsMs[phase] ?? 0) + Math.round(durationMs);
    run.addMetrics({ durationsMs: { [phase]: Math.round(durationMs) } });
    // A phase reports totals (conversations, clusters, map points): a resumed run sets them again.
    run.setCounts(counts);
    run
      .event({
        type: "stage-end",
        stage: phase,
        durationMs: Math.round(durationMs),
        ...counts,
      })
      .catch((error: unknown) => run.logger.error({ err: error }, "could not write an event"));
    deps.onPhase?.(phase, "end");
  };
  const phaseStart = (phase: string) => {
    run
      .event({ type: "stage-start", stage: phase })
      .catch((error: unknown) => run.logger.error({ err: error }, "could not write an event"));
    deps.onPhase?.(phase, "start");
  };
  const report: ReportCore = {
    runId: run.id,
    dir: run.dir,
    stages,
    preflight,
    conversations: 0,
    facets: 0,
    facetsResumed: 0,
    facetsFailed: 0,
    warnings: 0,
    durationsMs,
  };
  const settings: AnalysisSettings = {
    stages: {
      clustering: stages.clustering,
      labeling: stages.labeling,
      hierarchy: stages.hierarchy,
      privacy: stages.privacy,
    },
    ...(options.k === undefined ? {} : { k: options.k }),
    ...(options.kRange === undefined ? {} : { kRange: options.kRange }),
    levels: options.levels,
    seed: options.seed,
    ...(options.miniBatch === undefined ? {} : { miniBatch: options.miniBatch }),
    minConversations: options.minConversations,
    minUsers: options.minUsers,
    minRating: options.minRating,
    auditSampleSize: options.auditSampleSize,
    concurrency: options.concurrency,
    languageCentering: options.languageCentering,
  };
  const analysisDeps: Omit<AnalysisDeps, "conversationSample"> = {
    embedder: deps.embedder,
    ...(deps.client ? { client: deps.client } : {}),
    warn,
    phaseStart,
    phaseDone,
    progress: (phase, done, total) => deps.onProgress?.(phase, done, total),
  };

  if (stages.facets) {
    deps.onPhase?.("facets", "start");
    const started = performance.now();
    const facetsResult = await runFacetsStage({
      run,
      stageName: "facets",
      outDir: run.dir,
      conversations: limited(readConversations(options.input), options.limit),
      salt: deps.salt,
      ...(deps.client ? { client: deps.client } : {}),
      concurrency: options.concurrency,
      chunkSize: options.streaming ? options.streamChunkSize : Number.POSITIVE_INFINITY,
      strict: options.strict,
      storeConversations: true,
      keepRaw: options.keepRaw,
      sampleSize: Math.max(options.auditSampleSize * 4, 100),
      seed: options.seed,
      warn,
      onProgress: (done) => deps.onProgress?.("facets", done, preflight.conversations),
      ...(deps.afterFacet ? { afterFacet: deps.afterFacet } : {}),
    });
    Object.assign(report, {
      conversations: facetsResult.conversations,
      facets: facetsResult.facets.length,
      facetsResumed: facetsResult.skippedDone,
      facetsFailed: facetsResult.failed,
    });
    phaseDone("facets", performance.now() - started, {
      conversations: facetsResult.conversations,
      facets: facetsResult.facets.length,
      facets_failed: facetsResult.failed,
    });
    const analysis = await analyseFacets(run.dir, facetsResult.facets, settings, {
      ...analysisDeps,
      conversationSample: facetsResult.sample,
      conversationCount: facetsResult.conversations,
    });
    if (analysis.k !== undefined) report.clusters = analysis.k;
    if (analysis.privacy) {
      report.clustersKept = analysis.privacy.kept;
      report.clustersHidden = analysis.privacy.hidden;
    }
    if (analysis.hierarchy) report.hierarchyLevels = analysis.hierarchy.level_sizes;
  }
  if (stages.eval) {
    phaseStart("eval");
    const started = performance.now();
    try {
      report.eval = await runEvalStage({
        run,
        count: options.evalCount,
        seed: options.seed,
        salt: deps.salt,
        ...(deps.client ? { client: deps.client } : {}),
        settings,
        deps: analysisDeps,
        warn,
      });
    } catch (error) {
      if (options.strict) throw error;
      const failure = toTracemillError(error);
      await warn({
        stage: "eval",
        code: "eval_failed",
        message: `${failure.code}: ${failure.message}`,
      });
    }
    phaseDone("eval", performance.now() - started, {});
  }
  report.warnings = warnings;
  return report;
}

async function* limited<T>(
  source: AsyncIterable<{ conversation: T }>,
  limit: number | undefined,
): AsyncGenerator<T> {
  let count = 0;
  for await (const { conversation } of source) {
    if (limit !== undefined && count >= limit) return;
    count += 1;
    yield conversation;
  }
}
