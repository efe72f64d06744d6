import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { searchPathFromEnvironment } from "../../config/environment.js";
import type { Config } from "../../core/config.js";
import { exitCodes, exitStatuses, TracemillError } from "../../core/errors.js";
import { writeJsonAtomic } from "../../core/files.js";
import { renderDoctorReport } from "../../doctor/run-doctor.js";
import { parseKRange } from "../../insights/cluster/select-k.js";
import { renderValidationReport } from "../../insights/input/render-validation-report.js";
import { validateInputFile } from "../../insights/input/validate-input.js";
import { checkInsightsSetup } from "../../insights/run/insights-doctor.js";
import type { InsightsRunOptionsInput } from "../../insights/run/options.js";
import { type PreflightEstimate, renderEstimate } from "../../insights/run/preflight.js";
import { renderInsightsReport } from "../../insights/run/render-report.js";
import type { InsightsRunReport } from "../../insights/run/run-insights.js";
import { loadOrCreateSalt } from "../../insights/run/salt.js";
import { createDiskCache } from "../../model/cache.js";
import { createConfiguredModelClient } from "../../model/configured-client.js";
import { createEmbedder } from "../../model/embedders/create-embedder.js";
import { createRedactor } from "../../model/redact.js";
import { runConversationsPipeline } from "../../pipelines/conversations/index.js";
import { toolVersion } from "../../version.js";
import { integerFlag, modelFlagsConfig, numberFlag } from "../flag-values.js";
import { configFor, emit, globalOptions, notice } from "../output.js";
import { createPhaseProgress } from "../progress.js";
import type { InsightsDoctorFlags } from "./insights-command.js";

export interface InsightsRunFlags {
  input: string;
  withFacets?: boolean;
  withClustering?: boolean;
  withLabeling?: boolean;
  withHierarchy?: boolean;
  withPrivacy?: boolean;
  withEval?: boolean;
  all?: boolean;
  k?: string;
  kRange?: string;
  languageCentering?: boolean;
  keepRaw?: boolean;
  levels?: string;
  minConversations?: string;
  minUsers?: string;
  evalCount?: string;
  seed?: string;
  resume?: string | boolean;
  runId?: string;
  streaming?: boolean;
  streamChunkSize?: string;
  limit?: string;
  failOnWarning?: boolean;
  strict?: boolean;
  provider?: string;
  embedder?: string;
  baseUrl?: string;
  apiKey?: string;
  concurrency?: string;
  embedWorkers?: string;
  maxCost?: string;
  skipValidation?: boolean;
  allowInvalid?: boolean;
  miniBatch?: boolean;
  yes?: boolean;
  cache?: boolean;
  saltFile?: string;
}

/** `insights validate-input` (loaded when the command runs; options in insights-command.ts). */
export async function insightsValidateAction(
  flags: { input: string; reportJson?: string; maxErrors: string },
  command: Command,
): Promise<void> {
  const report = await validateInputFile(resolve(flags.input), {
    maxErrors: integerFlag("--max-errors", flags.maxErrors, { min: 1 }),
  });
  if (flags.reportJson) {
    await writeJsonAtomic(resolve(flags.reportJson), report);
  }
  emit(command, () => renderValidationReport(report), report);
  if (!report.ok) process.exitCode = exitCodes.input_invalid;
}

/** `insights doctor` (loaded when the command runs; options in insights-command.ts). */
export async function insightsDoctorAction(
  flags: InsightsDoctorFlags,
  command: Command,
): Promise<void> {
  const config = await configFor(command, {
    model: { provider: flags.provider, baseUrl: flags.baseUrl },
    embedder: { provider: flags.embedder, baseUrl: flags.baseUrl },
  });
  const embedder = await createEmbedder(config.embedder, {
    redactor: createRedactor(config.redaction),
  });
  const report = await checkInsightsSetup(
    config,
    {
      nodeVersion: process.version,
      searchPath: searchPathFromEnvironment(),
      cwd: process.cwd(),
      fetch: globalThis.fetch,
      timeoutMs: integerFlag("--timeout", flags.timeout, { min: 1 }),
    },
    { embedder, toolVersion, ...(flags.input ? { input: resolve(flags.input) } : {}) },
  );
  emit(command, () => renderDoctorReport(report), report);
  if (!report.ok) process.exitCode = exitStatuses.someFailed;
}

/** The `insights run` action (exported so tests call it without spawning the CLI). */
export async function insightsRunAction(
  flags: InsightsRunFlags,
  command: Command,
): Promise<InsightsRunReport> {
  const config = await configFor(command, {
    model: {
      ...modelFlagsConfig(flags),
      maxCostUsd: flags.maxCost === undefined ? undefined : numberFlag("--max-cost", flags.maxCost),
    },
    embedder: { provider: flags.embedder, baseUrl: flags.baseUrl, apiKey: flags.apiKey },
  });
  const options = runOptionsFrom(flags, config);
  const redactor = createRedactor(config.redaction);
  const client = createConfiguredModelClient(config, { redactor });
  const workers =
    flags.embedWorkers === undefined
      ? Math.min(2, availableParallelism())
      : integerFlag("--embed-workers", flags.embedWorkers, { min: 1 });
  const embedder = await createEmbedder(
    { ...config.embedder, workers },
    {
      redactor,
      ...(config.embedder.cache
        ? { cache: createDiskCache(join(config.cacheDir, "embeddings")) }
        : {}),
    },
  );
  const salt = await loadOrCreateSalt(
    resolve(flags.saltFile ?? join(config.cacheDir, "insights.salt")),
  );
  const quiet = globalOptions(command).quiet || globalOptions(command).json;
  const progress = createPhaseProgress({ quiet });
  const { detail: report } = await runConversationsPipeline(
    {
      options,
      salt,
      onValidation: (validation) => {
        if (!validation.ok) notice(command, renderValidationReport(validation));
      },
      confirm: (estimate) => confirmEstimate(command, estimate, flags.yes === true),
    },
    { config, client, embedder, redactor, onProgress: progress.onProgress },
  ).finally(async () => {
    progress.stop();
    await embedder.close?.();
  });
  emit(command, () => renderInsightsReport(report), report);
  return report;
}

function runOptionsFrom(flags: InsightsRunFlags, config: Config): InsightsRunOptionsInput {
  const all = flags.all === true;
  return {
    input: resolve(flags.input),
    runsDir: resolve(config.runsDir),
    stages: {
      facets: all || flags.withFacets === true,
      clustering: all || flags.withClustering === true,
      labeling: all || flags.withLabeling === true,
      hierarchy: all || flags.withHierarchy === true,
      privacy: all || flags.withPrivacy === true,
      eval: all || flags.withEval === true,
    },
    ...(flags.k === undefined ? {} : { k: integerFlag("--k", flags.k, { min: 1 }) }),
    ...(flags.kRange === undefined ? {} : { kRange: kRangeFlag(flags.kRange) }),
    ...(flags.languageCentering === false ? { languageCentering: false } : {}),
    ...(flags.keepRaw ? { keepRaw: true } : {}),
    levels: integerFlag("--levels", flags.levels ?? "3", { min: 1 }),
    minConversations: integerFlag("--min-conversations", flags.minConversations ?? "10", {
      min: 1,
    }),
    minUsers: integerFlag("--min-users", flags.minUsers ?? "5", { min: 1 }),
    evalCount: integerFlag("--eval-count", flags.evalCount ?? "120", { min: 1 }),
    seed: integerFlag("--seed", flags.seed ?? "42"),
    ...(flags.resume === undefined
      ? {}
      : { resume: flags.resume === true ? "latest" : String(flags.resume) }),
    ...(flags.runId === undefined ? {} : { runId: flags.runId }),
    streaming: flags.streaming === true,
    streamChunkSize: integerFlag("--stream-chunk-size", flags.streamChunkSize ?? "1000", {
      min: 1,
    }),
    ...(flags.limit === undefined
      ? {}
      : { limit: integerFlag("--limit", flags.limit, { min: 1 }) }),
    failOnWarning: flags.failOnWarning === true,
    strict: flags.strict === true,
    concurrency: integerFlag("--concurrency", flags.concurrency ?? "4", { min: 1 }),
    ...(config.model.maxCostUsd === undefined ? {} : { maxCostUsd: config.model.maxCostUsd }),
    skipValidation: flags.skipValidation === true,
    allowInvalid: flags.allowInvalid === true,
    ...(flags.miniBatch ? { miniBatch: true } : {}),
  };
}

function kRangeFlag(value: string): [number, number] {
  const range = parseKRange(value);
  if (range === undefined) {
    throw new TracemillError(
      "input_invalid",
      `--k-range must be a..b with integers 1 ≤ a ≤ b, not "${value}"`,
    );
  }
  return range;
}

async function confirmEstimate(
  command: Command,
  estimate: PreflightEstimate,
  yes: boolean,
): Promise<boolean> {
  notice(command, renderEstimate(estimate));
  if (yes || estimate.cost_usd === 0 || !process.stdin.isTTY || !process.stderr.isTTY) return true;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(
      `continue with an estimated $${estimate.cost_usd.toFixed(4)}? [y/N] `,
    );
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
