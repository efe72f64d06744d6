import { canonicalJson } from "../core/canonical-json.js";
import { sha256Hex } from "../core/hash.js";
import type { ContentPart, ModelMessage } from "../model/types.js";
import type { Episode } from "../sources/robot/episode.js";
import { buildImageGrid, type GridFrame } from "./image-grid.js";
import type { Segment } from "./segments.js";
import { type Strategy, strategySchemaNames } from "./strategies.js";

/**
 * One model request per intervention segment: the context and segment steps as a table, an image
 * grid of every `imageSampleRate`-th frame of the window, and the transcript lines spoken during
 * it. The request hash (sha256 of the canonical messages, schema name and strategy) ties every
 * change in a sidecar to the exact question that produced it.
 */
export interface RequestOptions {
  strategy: Strategy;
  imageSampleRate?: number;
  noImages?: boolean;
  noTranscript?: boolean;
  hz?: number;
  bounds?: [number, number];
}

export interface CorrectionRequest {
  session: string;
  episode: number;
  segment: Segment;
  strategy: Strategy;
  schemaName: string;
  messages: ModelMessage[];
  requestHash: string;
  /** Steps shown in the image grid (empty when no grid was sent). */
  imageSteps: number[];
}

export interface RequestWarning {
  session: string;
  episode: number;
  segment?: Segment;
  message: string;
}

export const defaultRequestOptions = {
  imageSampleRate: 3,
  hz: 10,
  bounds: [-1, 1] as [number, number],
};

const strategyInstructions: Record<Strategy, string> = {
  correct:
    "Propose a corrected action for every segment step: keep the human's intent, remove over-steer, late reaction and jerky spikes. Answer {corrections: [{index, action}]} with one entry per segment step.",
  weight:
    "Give every segment step a training weight in [-1, 1]: 1 imitate fully, 0 ignore, negative to push the policy away from that action (for example the first late-reaction steps or over-corrections). Answer {weights: [{index, weight}]} with one entry per segment step.",
  filter:
    "Decide for every segment step whether its action should be used for training. Answer {include: [{index, include}]} with one entry per segment step.",
  reject:
    "Name the one over-correction direction to suppress in this segment (left, right, accelerate, decelerate) or none, with a short reason. Answer {direction, reason}.",
};

export async function buildCorrectionRequest(
  episode: Episode,
  segment: Segment,
  options: RequestOptions,
): Promise<{ request: CorrectionRequest; warnings: RequestWarning[] }> {
  const hz = options.hz ?? defaultRequestOptions.hz;
  const [low, high] = options.bounds ?? defaultRequestOptions.bounds;
  const dimension = episode.steps[0]?.action.length ?? 0;
  const warnings: RequestWarning[] = [];
  const warn = (message: string) =>
    warnings.push({ session: episode.session, episode: episode.episode, segment, message });

  const lines = [
    `Episode ${episode.episode} of session ${episode.session}, ${hz} steps per second.`,
    `Actions have ${dimension} values within [${low}, ${high}]${dimension === 2 ? ": [steering (positive = left), acceleration (negative = brake)]" : ""}.`,
    `A human took over at steps ${segment.start}–${segment.end}; steps ${segment.contextStart}–${segment.start - 1} are context from before the takeover.`,
    `Answer only for steps ${segment.start} to ${segment.end}.`,
    "",
    "step | who | action",
  ];
  for (let index = segment.contextStart; index <= segment.end; index += 1) {
    const step = episode.steps[index];
    if (step === undefined) continue;
    lines.push(
      `${index} | ${step.intervention ? "human" : "policy"} | [${step.action.map(round3).join(", ")}]`,
    );
  }

  if (!options.noTranscript) {
    const from = segment.contextStart / hz;
    const to = (segment.end + 1) / hz;
    const spoken = (episode.transcript ?? []).filter(
      (line) => line.end_s >= from && line.start_s <= to,
    );
    lines.push("");
    if (spoken.length === 0) lines.push("Transcript: nothing was said during this window.");
    else {
      lines.push("Transcript (seconds from the episode start):");
      for (const line of spoken)
        lines.push(
          `[${line.start_s.toFixed(1)}–${line.end_s.toFixed(1)}] ${line.text.replaceAll("\n", " ")}`,
        );
    }
  }

  const content: ContentPart[] = [{ type: "text", text: lines.join("\n") }];
  let imageSteps: number[] = [];
  if (!options.noImages) {
    const rate = Math.max(
      1,
      Math.floor(options.imageSampleRate ?? defaultRequestOptions.imageSampleRate),
    );
    const frames: GridFrame[] = [];
    const missing: number[] = [];
    for (let index = segment.contextStart; index <= segment.end; index += rate) {
      const path = episode.frameFiles?.[index];
      if (path === undefined) missing.push(index);
      else frames.push({ step: index, path });
    }
    if (missing.length > 0)
      warn(
        `no frame for steps ${missing.join(", ")} of the window ${segment.contextStart}–${segment.end}${frames.length === 0 ? "; the request has no image" : ""}`,
      );
    if (frames.length > 0) {
      try {
        const grid = await buildImageGrid(frames);
        imageSteps = grid.steps;
        content.push({
          type: "text",
          text: `Camera frames of steps ${grid.steps.join(", ")}, left to right, top to bottom; each labelled with its step.`,
        });
        content.push({
          type: "image",
          data: grid.data.toString("base64"),
          mimeType: grid.mimeType,
          detail: "low",
        });
      } catch (error) {
        warn(`cannot build the image grid: ${(error as Error).message}`);
      }
    }
  }

  const schemaName = strategySchemaNames[options.strategy];
  const messages: ModelMessage[] = [
    {
      role: "system",
      content: `You review human takeovers in recorded robot episodes. The human often reacts late, over-steers or corrects in bursts. ${strategyInstructions[options.strategy]}`,
    },
    { role: "user", content },
  ];
  return {
    request: {
      session: episode.session,
      episode: episode.episode,
      segment,
      strategy: options.strategy,
      schemaName,
      messages,
      requestHash: requestHash(messages, schemaName, options.strategy),
      imageSteps,
    },
    warnings,
  };
}

export function requestHash(
  messages: ModelMessage[],
  schemaName: string,
  strategy: Strategy,
): string {
  return sha256Hex(canonicalJson({ messages, schemaName, strategy }));
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
