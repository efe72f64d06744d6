import { TracemillError } from "../core/errors.js";
import type { Episode } from "../sources/robot/episode.js";
import { createRandom, deriveSeed, shuffled } from "./random.js";

/**
 * Episodes → training arrays. Each episode becomes one or more sequences of consecutive kept
 * steps (a step whose 5th element is `false` is dropped and breaks the sequence, so no delta pair
 * spans it). Weights come from the 5th element: a number is clipped to [-1, 1], `true` or absent
 * is 1. The split is by episode (a seeded shuffle of the sorted episode keys, at least one episode
 * on each side once there are two); a single episode is split by time and says so. Observations
 * are z-normalised with statistics of the training sequences only, the std floored.
 */
export interface Sequence {
  episodeKey: string;
  /** Index of each kept sample's step in its episode. */
  stepIndices: number[];
  observations: Float32Array;
  actions: Float32Array;
  weights: Float32Array;
  length: number;
}

export interface NormalizationStats {
  mean: number[];
  std: number[];
}

export interface DatasetSplit {
  train: string[];
  validation: string[];
  /** One episode only: its first part trains, its tail validates. */
  byTime: boolean;
}

export interface Dataset {
  observationDim: number;
  actionDim: number;
  train: Sequence[];
  validation: Sequence[];
  stats: NormalizationStats;
  split: DatasetSplit;
  /** Episodes trained on, steps used and dropped (include=false), and episodes without steps. */
  counts: { episodes: number; samples: number; dropped: number; negative: number; empty: number };
  warnings: string[];
}

export interface DatasetOptions {
  seed: number;
  validationFraction: number;
  stdFloor: number;
  /** Reuse a stored split (resume): its validation keys, or its by-time rule. */
  split?: Pick<DatasetSplit, "validation" | "byTime">;
  /** Reuse statistics (evaluation against a checkpoint) instead of computing them. */
  stats?: NormalizationStats;
}

export function episodeKey(episode: Pick<Episode, "session" | "episode">): string {
  return `${episode.session}/${episode.episode}`;
}

export function buildDataset(episodes: Episode[], options: DatasetOptions): Dataset {
  const warnings: string[] = [];
  const usable = episodes.filter((episode) => {
    if (episode.steps.length > 0) return true;
    warnings.push(`${episode.path}: episode has no steps; not used`);
    return false;
  });
  if (usable.length === 0) {
    throw new TracemillError("input_invalid", "no episode with steps to train on");
  }
  const { observationDim, actionDim } = dimensionsOf(usable);
  const sorted = [...usable].sort((a, b) => compareKeys(episodeKey(a), episodeKey(b)));
  const split = splitEpisodes(sorted, options, warnings);
  const counts = {
    episodes: sorted.length,
    samples: 0,
    dropped: 0,
    negative: 0,
    empty: episodes.length - usable.length,
  };
  const raw = { train: [] as RawSequence[], validation: [] as RawSequence[] };
  for (const episode of sorted) {
    const key = episodeKey(episode);
    const pieces = sequencesOf(episode, counts);
    if (split.byTime) {
      const cut = Math.max(1, Math.floor(episode.steps.length * (1 - options.validationFraction)));
      for (const piece of pieces) {
        const before = piece.filter((sample) => sample.index < cut);
        const after = piece.filter((sample) => sample.index >= cut);
        if (before.length > 0) raw.train.push({ key, samples: before });
        if (after.length > 0) raw.validation.push({ key, samples: after });
      }
    } else {
      const side = split.validation.includes(key) ? raw.validation : raw.train;
      for (const piece of pieces) side.push({ key, samples: piece });
    }
  }
  if (raw.train.length === 0) {
    throw new TracemillError(
      "input_invalid",
      "no training samples: every step is excluded (include=false) or every episode is held out",
    );
  }
  const stats = options.stats ?? computeStats(raw.train, observationDim, options.stdFloor);
  return {
    observationDim,
    actionDim,
    train: raw.train.map((sequence) => toSequence(sequence, stats, observationDim, actionDim)),
    validation: raw.validation.map((sequence) =>
      toSequence(sequence, stats, observationDim, actionDim),
    ),
    stats,
    split,
    counts,
    warnings,
  };
}

interface RawSample {
  index: number;
  observation: number[];
  action: number[];
  weight: number;
}
interface RawSequence {
  key: string;
  samples: RawSample[];
}

function dimensionsOf(episodes: Episode[]): { observationDim: number; actionDim: number } {
  const first = episodes[0]?.steps[0];
  const observationDim = first?.observation.length ?? 0;
  const actionDim = first?.action.length ?? 0;
  for (const episode of episodes) {
    for (const step of episode.steps) {
      if (step.observation.length !== observationDim || step.action.length !== actionDim) {
        throw new TracemillError(
          "input_invalid",
          `${episode.path}: step ${step.index} has observation/action dimensions ${step.observation.length}/${step.action.length}, expected ${observationDim}/${actionDim} as in the first episode`,
        );
      }
    }
  }
  if (observationDim === 0 || actionDim === 0) {
    throw new TracemillError("input_invalid", "episodes have empty observations or actions");
  }
  return { observationDim, actionDim };
}

function splitEpisodes(
  sorted: Episode[],
  options: DatasetOptions,
  warnings: string[],
): DatasetSplit {
  const keys = sorted.map(episodeKey);
  const stored = options.split;
  if (stored) {
    if (stored.byTime) return { train: [...keys], validation: [], byTime: true };
    const validation = keys.filter((key) => stored.validation.includes(key));
    return { train: keys.filter((key) => !validation.includes(key)), validation, byTime: false };
  }
  if (options.validationFraction === 0) return { train: [...keys], validation: [], byTime: false };
  if (keys.length === 1) {
    warnings.push(
      `only one episode (${keys[0]}): validation is its last ${Math.round(options.validationFraction * 100)}% of steps (split by time, not by episode)`,
    );
    return { train: [...keys], validation: [], byTime: true };
  }
  const order = shuffled(keys, createRandom(deriveSeed(options.seed, 0x5b1)));
  const count = Math.min(
    keys.length - 1,
    Math.max(1, Math.round(keys.length * options.validationFraction)),
  );
  const validation = new Set(order.slice(0, count));
  return {
    train: keys.filter((key) => !validation.has(key)),
    validation: keys.filter((key) => validation.has(key)),
    byTime: false,
  };
}

/** Kept steps in runs of consecutive indices; include=false ends a run. */
function sequencesOf(episode: Episode, counts: Dataset["counts"]): RawSample[][] {
  const pieces: RawSample[][] = [];
  let current: RawSample[] = [];
  for (const step of episode.steps) {
    const mark = step.weightOrInclude;
    if (mark === false) {
      counts.dropped += 1;
      if (current.length > 0) pieces.push(current);
      current = [];
      continue;
    }
    const weight = typeof mark === "number" ? Math.max(-1, Math.min(1, mark)) : 1;
    if (weight < 0) counts.negative += 1;
    counts.samples += 1;
    current.push({ index: step.index, observation: step.observation, action: step.action, weight });
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

function computeStats(
  sequences: RawSequence[],
  dimension: number,
  stdFloor: number,
): NormalizationStats {
  const sum = new Float64Array(dimension);
  const squares = new Float64Array(dimension);
  let count = 0;
  for (const { samples } of sequences) {
    for (const { observation } of samples) {
      count += 1;
      for (let d = 0; d < dimension; d++) {
        const value = observation[d] as number;
        sum[d] = (sum[d] as number) + value;
        squares[d] = (squares[d] as number) + value * value;
      }
    }
  }
  const mean = Array.from(sum, (total) => total / count);
  const std = Array.from(squares, (total, d) => {
    const variance = Math.max(0, total / count - (mean[d] as number) ** 2);
    return Math.max(stdFloor, Math.sqrt(variance));
  });
  return { mean, std };
}

function toSequence(
  raw: RawSequence,
  stats: NormalizationStats,
  observationDim: number,
  actionDim: number,
): Sequence {
  const length = raw.samples.length;
  const observations = new Float32Array(length * observationDim);
  const actions = new Float32Array(length * actionDim);
  const weights = new Float32Array(length);
  raw.samples.forEach((sample, row) => {
    for (let d = 0; d < observationDim; d++) {
      observations[row * observationDim + d] =
        ((sample.observation[d] as number) - (stats.mean[d] as number)) / (stats.std[d] as number);
    }
    actions.set(sample.action, row * actionDim);
    weights[row] = sample.weight;
  });
  return {
    episodeKey: raw.key,
    stepIndices: raw.samples.map((sample) => sample.index),
    observations,
    actions,
    weights,
    length,
  };
}

/** Session then episode number, numerically when both are numbers. */
function compareKeys(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** z-normalises one observation with stored statistics. */
export function normalizeObservation(observation: number[], stats: NormalizationStats): number[] {
  return observation.map((value, d) => (value - (stats.mean[d] ?? 0)) / (stats.std[d] ?? 1));
}
