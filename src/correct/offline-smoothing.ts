import type { Episode } from "../sources/robot/episode.js";
import type { Segment } from "./segments.js";
import type { RejectDirection, Strategy, StrategyAnswer } from "./strategies.js";

/**
 * The offline baseline `offline:smoothing/v1`: an algorithm, not a model, used when no model is
 * configured. For `correct` it removes late reaction and over-steer from the human's actions:
 *   1. shift the segment's actions `reactionLagSteps` earlier (a human reacts ~0.2 s late),
 *   2. zero-phase smoothing: a forward exponential pass that starts at the anchor (the last policy
 *      action before the takeover) and a backward pass over its output, so nothing lags,
 *   3. limit each step's change to `deltaLimit` starting from the anchor (clips spikes),
 *   4. clip to the action bounds.
 * `weight` down-weights the first reaction steps and high-jerk steps; `filter` keeps steps whose
 * weight is at least 0.5; `reject` names the direction in which the human's actions overshoot the
 * smoothed, rate-limited course (without the reaction shift) most, or none when the mean
 * overshoot is under 0.05.
 */
export const offlineSmoothingName = "offline:smoothing/v1";

export interface SmoothingOptions {
  bounds?: [number, number];
  alpha?: number;
  reactionLagSteps?: number;
  deltaLimit?: number;
  reactionSteps?: number;
  jerkLimit?: number;
}

export const defaultSmoothingOptions = {
  bounds: [-1, 1] as [number, number],
  alpha: 0.5,
  reactionLagSteps: 2,
  deltaLimit: 0.25,
  reactionSteps: 3,
  jerkLimit: 0.5,
};

export function offlineSmoothingAnswer(
  episode: Episode,
  segment: Segment,
  strategy: Strategy,
  options: SmoothingOptions = {},
): StrategyAnswer {
  const settings = { ...defaultSmoothingOptions, ...options };
  const raw = segmentActions(episode, segment);
  const anchor = anchorAction(episode, segment);
  const indices = raw.map((_, offset) => segment.start + offset);
  switch (strategy) {
    case "correct": {
      const smoothed = smoothActions(raw, anchor, settings);
      return {
        strategy,
        value: {
          corrections: indices.map((index, offset) => ({ index, action: smoothed[offset] ?? [] })),
        },
      };
    }
    case "weight": {
      const weights = reactionWeights(raw, anchor, settings);
      return {
        strategy,
        value: {
          weights: indices.map((index, offset) => ({ index, weight: weights[offset] ?? 1 })),
        },
      };
    }
    case "filter": {
      const weights = reactionWeights(raw, anchor, settings);
      return {
        strategy,
        value: {
          include: indices.map((index, offset) => ({
            index,
            include: (weights[offset] ?? 1) >= 0.5,
          })),
        },
      };
    }
    case "reject":
      // Without the reaction shift: lateness is not an over-correction, abrupt excess is.
      return {
        strategy,
        value: overshootDirection(
          raw,
          smoothActions(raw, anchor, { ...settings, reactionLagSteps: 0 }),
        ),
      };
  }
}

function segmentActions(episode: Episode, segment: Segment): number[][] {
  const actions: number[][] = [];
  for (let index = segment.start; index <= segment.end; index += 1)
    actions.push([...(episode.steps[index]?.action ?? [])]);
  return actions;
}

/** The last action the policy chose before the takeover; the segment's first action when there is none. */
export function anchorAction(episode: Episode, segment: Segment): number[] {
  for (let index = segment.start - 1; index >= segment.contextStart; index -= 1) {
    const step = episode.steps[index];
    if (step !== undefined && !step.intervention) return [...step.action];
  }
  return [...(episode.steps[segment.start]?.action ?? [])];
}

export function smoothActions(
  raw: number[][],
  anchor: number[],
  settings: Pick<
    typeof defaultSmoothingOptions,
    "alpha" | "reactionLagSteps" | "deltaLimit" | "bounds"
  >,
): number[][] {
  const count = raw.length;
  if (count === 0) return [];
  const dimension = anchor.length;
  const lag = Math.min(settings.reactionLagSteps, count - 1);
  const shifted = raw.map((_, offset) => raw[Math.min(offset + lag, count - 1)] ?? []);
  const [low, high] = settings.bounds;
  const result: number[][] = raw.map(() => new Array<number>(dimension).fill(0));
  for (let d = 0; d < dimension; d += 1) {
    const forward: number[] = [];
    let previous = anchor[d] ?? 0;
    for (let i = 0; i < count; i += 1) {
      previous += settings.alpha * ((shifted[i]?.[d] ?? 0) - previous);
      forward.push(previous);
    }
    const backward = [...forward];
    for (let i = count - 2; i >= 0; i -= 1) {
      const next = backward[i + 1] ?? 0;
      backward[i] = next + settings.alpha * ((forward[i] ?? 0) - next);
    }
    let last = anchor[d] ?? 0;
    for (let i = 0; i < count; i += 1) {
      const target = backward[i] ?? 0;
      const limited = last + clamp(target - last, -settings.deltaLimit, settings.deltaLimit);
      last = clamp(limited, low, high);
      const row = result[i];
      if (row !== undefined) row[d] = round6(last);
    }
  }
  return result;
}

function reactionWeights(
  raw: number[][],
  anchor: number[],
  settings: Pick<typeof defaultSmoothingOptions, "reactionSteps" | "jerkLimit">,
): number[] {
  return raw.map((action, offset) => {
    const ramp = offset < settings.reactionSteps ? (offset + 1) / (settings.reactionSteps + 1) : 1;
    const previous = offset >= 1 ? raw[offset - 1] : anchor;
    const before = offset >= 2 ? raw[offset - 2] : offset === 1 ? anchor : anchor;
    let jerk = 0;
    action.forEach((value, d) => {
      const second = value - 2 * (previous?.[d] ?? 0) + (before?.[d] ?? 0);
      jerk = Math.max(jerk, Math.abs(second));
    });
    const smoothness = 1 - 0.75 * Math.min(1, jerk / settings.jerkLimit);
    return round3(clamp(ramp * smoothness, -1, 1));
  });
}

function overshootDirection(
  raw: number[][],
  smoothed: number[][],
): { direction: RejectDirection; reason: string } {
  const totals: Record<Exclude<RejectDirection, "none">, number> = {
    left: 0,
    right: 0,
    accelerate: 0,
    decelerate: 0,
  };
  raw.forEach((action, offset) => {
    const steer = (action[0] ?? 0) - (smoothed[offset]?.[0] ?? 0);
    if (steer > 0) totals.left += steer;
    else totals.right -= steer;
    if (action.length >= 2) {
      const accelerate = (action[1] ?? 0) - (smoothed[offset]?.[1] ?? 0);
      if (accelerate > 0) totals.accelerate += accelerate;
      else totals.decelerate -= accelerate;
    }
  });
  const ranked = (Object.entries(totals) as [Exclude<RejectDirection, "none">, number][]).sort(
    (a, b) => b[1] - a[1],
  );
  const [direction, total] = ranked[0] ?? ["left", 0];
  const mean = raw.length === 0 ? 0 : total / raw.length;
  if (mean < 0.05)
    return {
      direction: "none",
      reason: `${offlineSmoothingName}: the human's actions stay within 0.05 of the smoothed ones on average`,
    };
  return {
    direction,
    reason: `${offlineSmoothingName}: the human's actions overshoot the smoothed ones most towards ${direction} (mean ${round3(mean)} per step)`,
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
