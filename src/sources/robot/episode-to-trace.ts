import { canonicalJson } from "../../core/canonical-json.js";
import { sha256Hex } from "../../core/hash.js";
import {
  type MediaRef,
  type SourceFile,
  type Step,
  type Trace,
  traceSchemaId,
} from "../../core/trace.js";
import { sourceTraceId } from "../source-trace-id.js";
import { type Episode, episodeToFile } from "./episode.js";

/**
 * An episode as a tracemill Trace (kind "robot"): one control action per record at `hz` steps a
 * second (a human's when the intervention flag is set, else the policy's) with the observation it
 * was taken from (`state`) and its correction weight (`weight`), the step's camera frame,
 * the episode's success as a signal on the last action, and the transcript's lines as note steps at their start times. Steps are numbered in time order;
 * `origin.offset` keeps the record index.
 */
export interface EpisodeToTraceOptions {
  hz?: number;
  /** The episode file's hash and size when the caller has them; else the content is hashed. */
  files?: SourceFile[];
}

export const robotSourceFormat = "robot-episode";

/** The signal on a robot trace's last action step holding the episode's success (0..1). */
export const robotSuccessSignal = "success_rate";

export function episodeToTrace(episode: Episode, options: EpisodeToTraceOptions = {}): Trace {
  const hz = options.hz ?? 10;
  const files = options.files ?? [contentFile(episode)];
  const timed: { t: number; order: number; step: Omit<Step, "index"> }[] = [];
  const media: MediaRef[] = [];
  const success = episode.metrics.success_rate;
  const last = episode.steps.length - 1;

  episode.steps.forEach((record, index) => {
    const t = round(index / hz);
    const step: Omit<Step, "index"> = {
      t,
      actor: record.intervention ? "human" : "agent",
      kind: "action",
      action: { type: "control", values: [...record.action] },
      intervention: record.intervention,
      state: [...record.observation],
      origin: { file: episode.path, offset: index },
    };
    if (record.weightOrInclude !== undefined) step.weight = record.weightOrInclude;
    // The episode's outcome is a terminal signal on its last action, where judges read it.
    if (index === last && typeof success === "number" && Number.isFinite(success))
      step.signal = { name: robotSuccessSignal, value: success };
    const frame = episode.frameFiles?.[index];
    if (frame !== undefined) {
      const ref: MediaRef = { kind: "image", path: frame, t, mimeType: mimeTypeOf(frame) };
      step.frame = ref;
      media.push(ref);
    }
    timed.push({ t, order: 0, step });
  });

  const transcript = episode.transcript ?? [];
  transcript.forEach((line, ordinal) => {
    timed.push({
      t: line.start_s,
      order: 1,
      step: {
        t: line.start_s,
        actor: "human",
        kind: "note",
        text: line.text,
        origin: { file: episode.transcriptPath ?? `${episode.path}.srt`, offset: ordinal },
      },
    });
  });
  if (episode.transcriptPath !== undefined && transcript.length > 0)
    media.push({
      kind: "transcript",
      path: episode.transcriptPath,
      mimeType: "application/x-subrip",
    });

  // Stable: a note spoken at the time of a record comes after that record.
  timed.sort((a, b) => a.t - b.t || a.order - b.order);
  const steps: Step[] = timed.map((item, index) => ({ index, ...item.step }));

  return {
    schema: traceSchemaId,
    id: sourceTraceId(robotSourceFormat, `${episode.session}/${episode.episode}`, files),
    kind: "robot",
    source: { format: robotSourceFormat, files },
    task: {
      id: `${episode.session}/${episode.episode}`,
      title: `robot episode ${episode.episode} of session ${episode.session}`,
    },
    steps,
    media,
    meta: {
      session: episode.session,
      episode: episode.episode,
      hz,
      metrics: episode.metrics,
      records: episode.steps.length,
      interventionSteps: episode.steps.filter((step) => step.intervention).length,
      ...rewriteMeta(episode),
    },
  };
}

/**
 * What only a rewrite of the episode file needs (traceToEpisode reads it back): the file's path
 * and other fields, each record's own frame path, and the transcript cues' numbers and ends.
 */
function rewriteMeta(episode: Episode): Record<string, unknown> {
  const framePaths = episode.steps.map((step) => step.framePath ?? null);
  return {
    path: episode.path,
    extra: episode.extra,
    ...(framePaths.some((path) => path !== null) ? { framePaths } : {}),
    ...(episode.transcriptPath === undefined ? {} : { transcriptPath: episode.transcriptPath }),
    ...(episode.transcript === undefined
      ? {}
      : { transcriptCues: episode.transcript.map(({ index, end_s }) => ({ index, end_s })) }),
  };
}

function contentFile(episode: Episode): SourceFile {
  const text = canonicalJson(episodeToFile(episode));
  return { path: episode.path, sha256: sha256Hex(text), bytes: Buffer.byteLength(text) };
}

function mimeTypeOf(path: string): string {
  return /\.png$/i.test(path) ? "image/png" : "image/jpeg";
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
