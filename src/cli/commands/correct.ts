import { resolve } from "node:path";
import type { Command } from "commander";
import type { Config } from "../../core/config.js";
import { TracemillError } from "../../core/errors.js";
import {
  type CorrectionProgress,
  type CorrectionRequest,
  type CorrectionSummary,
  correctEpisodes,
  createCorrectionClient,
  isStrategy,
  type Strategy,
} from "../../correct/index.js";
import { recordCorrectionSummary } from "../../correct/record-correction.js";
import type { ModelClient } from "../../model/model-client.js";
import { createRedactor } from "../../model/redact.js";
import { openRun } from "../../runs/index.js";
import {
  readLooseEpisodes,
  readStudy,
  type SkippedEpisode,
  type StudyReadResult,
} from "../../sources/robot/index.js";
import type { SourceWarning } from "../../sources/types.js";
import { toolVersion } from "../../version.js";
import { integerFlag, numberFlag } from "../flag-values.js";
import { configFor, emit, globalOptions } from "../output.js";
import { createProgress } from "../progress.js";

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
}

export interface CorrectResult {
  /** The run folder's id (none for a dry run). */
  runId?: string;
  read: { episodes: number; skipped: SkippedEpisode[]; warnings: SourceWarning[] };
  summary: CorrectionSummary;
}

/** `correct` (loaded when the command runs; the options live in correct-command.ts). */
export async function correctAction(flags: CorrectFlags, self: Command): Promise<void> {
  const config = await configFor(self, {
    model: { provider: flags.provider, baseUrl: flags.baseUrl, apiKey: flags.apiKey },
  });
  const quiet = globalOptions(self).quiet || globalOptions(self).json;
  const progress = createProgress({ label: "correct", total: 0, quiet });
  let sized = false;
  const result = await runCorrect(flags, {
    config,
    onProgress: (event) => {
      if (!sized) {
        progress.setTotal(event.total);
        sized = true;
      }
      progress.tick(1, `${event.session}/${event.episode} ${event.status}`);
    },
  });
  progress.stop();
  emit(self, () => renderCorrectResult(result, flags.dryRun === true), jsonResult(result));
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
 * The command's work without commander: read the episodes, build the client, correct. A real run
 * (not --dry-run) is recorded in a run folder: inputs, one item-done event per episode, warnings
 * and counts.
 */
export async function runCorrect(
  flags: CorrectFlags,
  deps: { config: Config; client?: ModelClient; onProgress?: (event: CorrectionProgress) => void },
): Promise<CorrectResult> {
  const options = {
    ...correctionOptionsFromFlags(flags),
    correctedDir: resolve(flags.correctedDir),
    dryRun: flags.dryRun === true,
  };
  const read = await readInput(flags);
  const client = deps.client ?? createCorrectionClient(deps.config);
  const redactor = createRedactor(deps.config.redaction);
  const run = options.dryRun
    ? undefined
    : await openRun({
        runsDir: deps.config.runsDir,
        command: "correct",
        inputs: read.episodes.map((episode) => episode.path),
        config: {
          ...options,
          includeFailed: flags.includeFailed === true,
          model: deps.config.model,
        },
        toolVersion,
        redactor,
      });
  const pending: Promise<void>[] = [];
  try {
    const summary = await correctEpisodes(read.episodes, {
      ...options,
      client,
      onProgress: (event) => {
        if (run !== undefined)
          pending.push(
            run.event({
              type: "item-done",
              stage: "correct",
              item: `${event.session}/${event.episode}`,
              status: event.status,
            }),
          );
        deps.onProgress?.(event);
      },
    });
    await Promise.all(pending);
    if (run !== undefined) {
      await recordCorrectionSummary(run, summary);
      run.addMetrics({ counts: { left_out: read.skipped.length } });
      await run.finish(summary.failed > 0 && summary.processed === 0 ? "failed" : "completed");
    }
    return {
      runId: run?.id,
      read: { episodes: read.episodes.length, skipped: read.skipped, warnings: read.warnings },
      summary,
    };
  } catch (error) {
    await Promise.allSettled(pending);
    await run?.finish("failed");
    throw error;
  }
}

async function readInput(flags: CorrectFlags): Promise<StudyReadResult> {
  const hasEpisodes = flags.episodes !== undefined && flags.episodes.length > 0;
  if ((flags.baseDir === undefined) === !hasEpisodes) {
    throw new TracemillError(
      "input_invalid",
      "give either --base-dir <study> or --episodes <file…>",
    );
  }
  if (hasEpisodes)
    return readLooseEpisodes(flags.episodes ?? [], {
      includeFailed: flags.includeFailed === true,
      framesDir: flags.framesDir,
    });
  return readStudy(resolve(flags.baseDir ?? "."), { includeFailed: flags.includeFailed === true });
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
    `segments:        ${summary.segments}`,
    `corrected steps: ${summary.corrected_steps}`,
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
