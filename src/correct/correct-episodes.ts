import { join } from "node:path";
import pLimit from "p-limit";
import { canonicalJson } from "../core/canonical-json.js";
import { TracemillError, toTracemillError } from "../core/errors.js";
import { pathExists } from "../core/files.js";
import { sha256File, sha256Hex } from "../core/hash.js";
import type { ModelClient } from "../model/model-client.js";
import type { ModelMessage } from "../model/types.js";
import { type Episode, episodeToFile } from "../sources/robot/episode.js";
import { writeEpisodeFile, writeTextAtomic } from "../sources/robot/write-episode.js";
import { applyAnswer, type Change } from "./apply-corrections.js";
import {
  buildCorrectionRequest,
  type CorrectionRequest,
  type RequestWarning,
} from "./build-request.js";
import { offlineSmoothingAnswer, offlineSmoothingName } from "./offline-smoothing.js";
import { findSegments, type Segment } from "./segments.js";
import { type Sidecar, type SidecarSegment, sidecarSchemaId } from "./sidecar.js";
import { answerSchemaFor, type Strategy, type StrategyAnswer } from "./strategies.js";
import { validateAnswer } from "./validate-answer.js";

/**
 * The correction stage's shell: for each episode, find the intervention segments, ask the model
 * (or run the offline baseline) once per segment, validate and retry, apply to a copy and write
 * `<correctedDir>/<session>/trajectory_0_<episode>.json` plus its `.corrections.json` sidecar.
 * Episodes run `numWorkers` at a time; the model door's shared rate limiter and cache sit below.
 * An invalid answer leaves its segment uncorrected (a warning); an episode that cannot be
 * processed at all is counted as failed and the others go on.
 */
export interface CorrectEpisodesOptions {
  correctedDir: string;
  strategy?: Strategy;
  /** A model door; without one (or with an offline one) the offline baseline answers. */
  client?: ModelClient;
  forceRecorrect?: boolean;
  numWorkers?: number;
  minSegment?: number;
  contextSteps?: number;
  imageSampleRate?: number;
  noImages?: boolean;
  noTranscript?: boolean;
  /** Re-asks after an invalid answer before the segment is left uncorrected. */
  maxRetries?: number;
  dryRun?: boolean;
  hz?: number;
  bounds?: [number, number];
  onProgress?: (event: CorrectionProgress) => void;
}

export interface CorrectionProgress {
  done: number;
  total: number;
  session: string;
  episode: number;
  status: EpisodeOutcome["status"];
}

export interface CorrectionWarning {
  session: string;
  episode: number;
  segment?: Segment;
  message: string;
}

export interface EpisodeOutcome {
  session: string;
  episode: number;
  status: "corrected" | "skipped" | "failed" | "planned";
  path?: string;
  sidecarPath?: string;
  segments: number;
  /** Segments the model's answers could not correct (left as recorded, with a warning). */
  uncorrected: number;
  changes: number;
}

export interface CorrectionSummary {
  processed: number;
  skipped: number;
  failed: number;
  segments: number;
  uncorrected_segments: number;
  corrected_steps: number;
  judge: { name: string; offline: boolean };
  warnings: CorrectionWarning[];
  episodes: EpisodeOutcome[];
  /** Dry run only: every request that would be sent (offline: what a model would be asked). */
  requests: CorrectionRequest[];
}

export const defaultCorrectOptions = {
  strategy: "correct" as Strategy,
  numWorkers: 2,
  maxRetries: 2,
  bounds: [-1, 1] as [number, number],
};

export function correctedEpisodePaths(
  correctedDir: string,
  episode: Pick<Episode, "session" | "episode">,
): { path: string; sidecarPath: string } {
  const folder = join(correctedDir, episode.session);
  return {
    path: join(folder, `trajectory_0_${episode.episode}.json`),
    sidecarPath: join(folder, `trajectory_0_${episode.episode}.corrections.json`),
  };
}

export async function correctEpisodes(
  episodes: Episode[],
  options: CorrectEpisodesOptions,
): Promise<CorrectionSummary> {
  const strategy = options.strategy ?? defaultCorrectOptions.strategy;
  const offline = options.client === undefined || options.client.offline;
  const judge = {
    name: offline ? offlineSmoothingName : `${options.client?.provider}:${options.client?.model}`,
    offline,
  };
  const summary: CorrectionSummary = {
    processed: 0,
    skipped: 0,
    failed: 0,
    segments: 0,
    uncorrected_segments: 0,
    corrected_steps: 0,
    judge,
    warnings: [],
    episodes: [],
    requests: [],
  };
  const limit = pLimit(Math.max(1, options.numWorkers ?? defaultCorrectOptions.numWorkers));
  let done = 0;
  const outcomes = await Promise.all(
    episodes.map((episode) =>
      limit(async () => {
        const outcome = await correctOne(episode, { ...options, strategy }, judge, summary);
        done += 1;
        options.onProgress?.({
          done,
          total: episodes.length,
          session: episode.session,
          episode: episode.episode,
          status: outcome.status,
        });
        return outcome;
      }),
    ),
  );
  for (const outcome of outcomes) {
    summary.episodes.push(outcome);
    if (outcome.status === "corrected" || outcome.status === "planned") summary.processed += 1;
    if (outcome.status === "skipped") summary.skipped += 1;
    if (outcome.status === "failed") summary.failed += 1;
    summary.segments += outcome.segments;
    summary.uncorrected_segments += outcome.uncorrected;
    summary.corrected_steps += outcome.changes;
  }
  summary.requests.sort(
    (a, b) =>
      a.session.localeCompare(b.session) ||
      a.episode - b.episode ||
      a.segment.start - b.segment.start,
  );
  return summary;
}

async function correctOne(
  episode: Episode,
  options: CorrectEpisodesOptions & { strategy: Strategy },
  judge: { name: string; offline: boolean },
  summary: CorrectionSummary,
): Promise<EpisodeOutcome> {
  const { path, sidecarPath } = correctedEpisodePaths(options.correctedDir, episode);
  const base = { session: episode.session, episode: episode.episode };
  if (!options.dryRun && !options.forceRecorrect && (await pathExists(path)))
    return {
      ...base,
      status: "skipped",
      path,
      sidecarPath,
      segments: 0,
      uncorrected: 0,
      changes: 0,
    };
  const warn = (warning: RequestWarning | CorrectionWarning) => summary.warnings.push(warning);
  try {
    const segments = findSegments(episode, {
      minSegment: options.minSegment,
      contextSteps: options.contextSteps,
    });
    let current = episode;
    const changes: Change[] = [];
    const sidecarSegments: SidecarSegment[] = [];
    for (const segment of segments) {
      const built = await buildCorrectionRequest(episode, segment, {
        strategy: options.strategy,
        imageSampleRate: options.imageSampleRate,
        noImages: options.noImages,
        noTranscript: options.noTranscript,
        hz: options.hz,
        bounds: options.bounds,
      });
      built.warnings.forEach(warn);
      if (options.dryRun) {
        summary.requests.push(built.request);
        continue;
      }
      const answered = await answerSegment(episode, segment, built.request, options);
      const record: SidecarSegment = {
        ...segment,
        requestHash: built.request.requestHash,
        status: answered.answer === undefined ? "uncorrected" : "corrected",
        attempts: answered.attempts,
        model: answered.model,
      };
      if (answered.cached !== undefined) record.cached = answered.cached;
      if (answered.answer === undefined) {
        record.problem = answered.problem;
        warn({
          ...base,
          segment,
          message: `segment ${segment.start}–${segment.end} left uncorrected after ${answered.attempts} attempt(s): ${answered.problem}`,
        });
      } else {
        if (answered.answer.strategy === "reject") {
          record.direction = answered.answer.value.direction;
          record.reason = answered.answer.value.reason;
        }
        const applied = applyAnswer(current, segment, answered.answer, {
          model: answered.model ?? judge.name,
          requestHash: built.request.requestHash,
        });
        current = applied.episode;
        changes.push(...applied.changes);
      }
      sidecarSegments.push(record);
    }
    if (options.dryRun)
      return { ...base, status: "planned", segments: segments.length, uncorrected: 0, changes: 0 };
    const sidecar: Sidecar = {
      schema: sidecarSchemaId,
      ...base,
      source: { path: episode.path, sha256: await sourceHash(episode) },
      strategy: options.strategy,
      judge,
      segments: sidecarSegments,
      changes,
    };
    // The episode file is written last: its presence means the pair is complete.
    await writeTextAtomic(sidecarPath, `${JSON.stringify(sidecar, null, 2)}\n`);
    await writeEpisodeFile(path, current);
    return {
      ...base,
      status: "corrected",
      path,
      sidecarPath,
      segments: segments.length,
      uncorrected: sidecarSegments.filter((segment) => segment.status === "uncorrected").length,
      changes: new Set(changes.map((item) => item.index)).size,
    };
  } catch (error) {
    const failure = toTracemillError(error);
    warn({ ...base, message: `episode not corrected: ${failure.code}: ${failure.message}` });
    return { ...base, status: "failed", segments: 0, uncorrected: 0, changes: 0 };
  }
}

interface SegmentAnswer {
  answer?: StrategyAnswer;
  attempts: number;
  model?: string;
  cached?: boolean;
  problem?: string;
}

async function answerSegment(
  episode: Episode,
  segment: Segment,
  request: CorrectionRequest,
  options: CorrectEpisodesOptions & { strategy: Strategy },
): Promise<SegmentAnswer> {
  const limits = {
    segment,
    dimension: episode.steps[segment.start]?.action.length ?? 0,
    bounds: options.bounds ?? defaultCorrectOptions.bounds,
  };
  const client = options.client;
  if (client === undefined || client.offline) {
    const answer = offlineSmoothingAnswer(episode, segment, options.strategy, {
      bounds: limits.bounds,
    });
    const check = validateAnswer(options.strategy, answer.value, limits);
    return check.ok
      ? { answer: check.answer, attempts: 1, model: offlineSmoothingName }
      : { attempts: 1, model: offlineSmoothingName, problem: check.problem };
  }
  const maxRetries = Math.max(0, options.maxRetries ?? defaultCorrectOptions.maxRetries);
  let conversation: ModelMessage[] = request.messages;
  let problem = "no answer";
  let model: string | undefined;
  let cached = true;
  for (let attempt = 1; attempt <= maxRetries + 1; attempt += 1) {
    let previous: string | undefined;
    try {
      const result = await client.generateObject({
        schema: answerSchemaFor(options.strategy),
        schemaName: request.schemaName,
        messages: conversation,
        ask: attempt,
        context: { session: episode.session, episode: episode.episode, segment },
      });
      model = `${result.provider}:${result.model}`;
      cached &&= result.cached;
      const check = validateAnswer(options.strategy, result.value, limits);
      if (check.ok) return { answer: check.answer, attempts: attempt, model, cached };
      problem = check.problem;
      previous = JSON.stringify(result.value);
    } catch (error) {
      if (!(error instanceof TracemillError) || error.code !== "model_output_invalid") throw error;
      problem = error.message;
      cached = false;
    }
    conversation = [
      ...request.messages,
      ...(previous === undefined
        ? []
        : [{ role: "assistant" as const, content: previous.slice(0, 8000) }]),
      {
        role: "user" as const,
        content: `That answer was rejected: ${problem}. Reply again with one JSON object that matches the schema.`,
      },
    ];
  }
  return { attempts: maxRetries + 1, model, problem };
}

async function sourceHash(episode: Episode): Promise<string> {
  try {
    return (await sha256File(episode.path)).sha256;
  } catch {
    // An episode built in memory has no file; hash its content so the sidecar still names it.
    return sha256Hex(canonicalJson(episodeToFile(episode)));
  }
}
