import type { Command } from "commander";
import type { Config } from "../../core/config.js";
import { exitCodes, exitStatuses, TracemillError } from "../../core/errors.js";
import {
  type CorrectionRequest,
  type CorrectionSummary,
  isStrategy,
  type Strategy,
} from "../../correct/index.js";
import { correctionExitCode, correctionTally } from "../../correct/record-correction.js";
import type { ModelClient } from "../../model/model-client.js";
import { createRedactor } from "../../model/redact.js";
import {
  correctRobotEpisodes,
  type RobotCorrectionResult,
  type RobotInputSource,
} from "../../pipelines/robot/index.js";
import type { OnProgress } from "../../pipelines/types.js";
import { renderTally } from "../../runs/run-tally.js";
import { integerFlag, modelFlagsConfig, numberFlag } from "../flag-values.js";
import { configFor, emit, globalOptions, notice } from "../output.js";
import { createPhaseProgress } from "../progress.js";

export interface CorrectFlags {
  baseDir?: string;
  episodes?: string[];
  framesDir?: string;
  correctedDir: string;
  strategy?: string;
  includeFailed?: boolean;
  minSegment?: string;
  contextSteps?: string;
  imageSampleRate?: string;
  /** commander's --no-images / --no-transcript set these to false. */
  images?: boolean;
  transcript?: boolean;
  numWorkers?: string;
  maxRetries?: string;
  forceRecorrect?: boolean;
  dryRun?: boolean;
  provider?: string;
  baseUrl?: string;
  apiKey?: string;
  hz?: string;
  /** commander's --no-cache sets this to false. */
  cache?: boolean;
}

/** What `correct` prints: the robot pipeline's result (src/pipelines/robot). */
export type CorrectResult = RobotCorrectionResult;

/** `correct` (loaded when the command runs; the options live in correct-command.ts). */
export async function correctAction(flags: CorrectFlags, self: Command): Promise<void> {
  const config = await configFor(self, { model: modelFlagsConfig(flags) });
  const quiet = globalOptions(self).quiet || globalOptions(self).json;
  const progress = createPhaseProgress({ quiet, first: "correct" });
  const result = await runCorrect(flags, { config, onProgress: progress.onProgress });
  progress.stop();
  emit(self, () => renderCorrectResult(result, flags.dryRun === true), jsonResult(result));
  const exitCode = correctionExitCode(result.summary, result.read.episodes);
  if (exitCode === exitCodes.input_invalid)
    notice(
      self,
      `tracemill: correct: no episode could be read (${result.read.skipped.length} left out, see above)`,
    );
  else if (exitCode !== exitStatuses.ok)
    notice(self, "tracemill: correct: no episode could be corrected (see the warnings above)");
  if (exitCode !== exitStatuses.ok) process.exitCode = exitCode;
}

/** The correction flags `correct` and `correct-and-train` share, parsed and checked once. */
export function correctionOptionsFromFlags(
  flags: Pick<
    CorrectFlags,
    | "strategy"
    | "forceRecorrect"
    | "numWorkers"
    | "minSegment"
    | "contextSteps"
    | "imageSampleRate"
    | "images"
    | "transcript"
    | "maxRetries"
    | "hz"
  >,
) {
  return {
    strategy: parseStrategy(flags.strategy ?? "correct"),
    forceRecorrect: flags.forceRecorrect === true,
    numWorkers: integerFlag("--num-workers", flags.numWorkers, { min: 1, fallback: 2 }),
    minSegment: integerFlag("--min-segment", flags.minSegment, { min: 1, fallback: 3 }),
    contextSteps: integerFlag("--context-steps", flags.contextSteps, { min: 0, fallback: 10 }),
    imageSampleRate: integerFlag("--image-sample-rate", flags.imageSampleRate, {
      min: 1,
      fallback: 3,
    }),
    noImages: flags.images === false,
    noTranscript: flags.transcript === false,
    maxRetries: integerFlag("--max-retries", flags.maxRetries, { min: 0, fallback: 2 }),
    hz: numberFlag("--hz", flags.hz, { positive: true, fallback: 10 }),
  };
}

/**
 * The command's work without commander: check the flags, then call the robot pipeline
 * (src/pipelines/robot) and hand back its result for printing.
 */
export async function runCorrect(
  flags: CorrectFlags,
  deps: { config: Config; client?: ModelClient; onProgress?: OnProgress },
): Promise<CorrectResult> {
  const correction = correctionOptionsFromFlags(flags);
  const report = await correctRobotEpisodes(
    {
      source: sourceFromFlags(flags),
      correctedDir: flags.correctedDir,
      correction,
      dryRun: flags.dryRun === true,
    },
    {
      config: deps.config,
      redactor: createRedactor(deps.config.redaction),
      ...(deps.client === undefined ? {} : { client: deps.client }),
      ...(deps.onProgress === undefined ? {} : { onProgress: deps.onProgress }),
    },
  );
  return report.detail;
}

function sourceFromFlags(flags: CorrectFlags): RobotInputSource {
  const hasEpisodes = flags.episodes !== undefined && flags.episodes.length > 0;
  if ((flags.baseDir === undefined) === !hasEpisodes) {
    throw new TracemillError(
      "input_invalid",
      "give either --base-dir <study> or --episodes <file…>",
    );
  }
  const includeFailed = flags.includeFailed === true;
  if (hasEpisodes)
    return {
      episodes: flags.episodes ?? [],
      includeFailed,
      ...(flags.framesDir === undefined ? {} : { framesDir: flags.framesDir }),
    };
  return { study: flags.baseDir ?? ".", includeFailed };
}

export function renderCorrectResult(result: CorrectResult, dryRun: boolean): string {
  const { summary, read } = result;
  const lines: string[] = [];
  if (dryRun) {
    lines.push(`dry run: ${summary.requests.length} request(s) would be sent; nothing written`);
    for (const request of summary.requests) lines.push("", ...renderRequest(request));
    lines.push("");
  }
  lines.push(
    `judge:           ${summary.judge.name}${summary.judge.offline ? " (offline baseline, no model ran)" : ""}`,
    `episodes read:   ${read.episodes} (${read.skipped.length} left out)`,
    `processed:       ${summary.processed}`,
    `skipped:         ${summary.skipped} (already corrected; --force-recorrect to redo)`,
    `failed:          ${summary.failed}`,
    `segments:        ${summary.segments}${summary.uncorrected_segments > 0 ? ` (${summary.uncorrected_segments} left uncorrected)` : ""}`,
    `corrected steps: ${summary.corrected_steps}`,
  );
  if (!dryRun)
    lines.push(`episodes:        ${renderTally(correctionTally(summary, read.skipped.length))}`);
  const requests = result.requests;
  if (requests !== undefined && !dryRun)
    lines.push(
      `model requests:  ${requests.requests_needed} needed, ${requests.requests_sent} sent (${requests.requests_retried} retries, ${requests.requests_reasked} re-asks), ${requests.requests_cached} cached, ${requests.requests_failed} failed`,
    );
  if (result.runId !== undefined) lines.push(`run:             ${result.runId}`);
  for (const skipped of read.skipped)
    lines.push(
      `left out: ${skipped.session}${skipped.episode === undefined ? "" : `/${skipped.episode}`}: ${skipped.reason}`,
    );
  for (const warning of [
    ...read.warnings.map((item) => item.message),
    ...summary.warnings.map(describeWarning),
  ])
    lines.push(`warning: ${warning}`);
  return lines.join("\n");
}

function renderRequest(request: CorrectionRequest): string[] {
  const lines = [
    `── ${request.session}/${request.episode} segment ${request.segment.start}–${request.segment.end} (context from ${request.segment.contextStart}) ${request.schemaName} ${request.requestHash.slice(0, 16)}`,
  ];
  for (const message of request.messages) {
    if (typeof message.content === "string") {
      lines.push(`[${message.role}] ${message.content}`);
      continue;
    }
    for (const part of message.content) {
      if (part.type === "text") lines.push(`[${message.role}] ${part.text}`);
      else
        lines.push(
          `[${message.role}] <image ${part.mimeType ?? "image"}, ${Math.round(((part.data?.length ?? 0) * 3) / 4)} bytes, detail ${part.detail ?? "auto"}>`,
        );
    }
  }
  return lines;
}

function describeWarning(warning: CorrectionSummary["warnings"][number]): string {
  return `${warning.session}/${warning.episode}: ${warning.message}`;
}

/** JSON output without the images' base64 (the hash still identifies each request). */
function jsonResult(result: CorrectResult): unknown {
  return {
    ...result,
    summary: {
      ...result.summary,
      requests: result.summary.requests.map((request) => ({
        ...request,
        messages: request.messages.map((message) => ({
          role: message.role,
          content:
            typeof message.content === "string"
              ? message.content
              : message.content.map((part) =>
                  part.type === "image"
                    ? { ...part, data: `<${part.data?.length ?? 0} base64 characters>` }
                    : part,
                ),
        })),
      })),
    },
  };
}

function parseStrategy(value: string): Strategy {
  if (isStrategy(value)) return value;
  throw new TracemillError(
    "input_invalid",
    `--strategy must be correct, weight, filter or reject, not "${value}"`,
  );
}
