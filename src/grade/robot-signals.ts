import type { Trace } from "../core/trace.js";
import { robotSuccessSignal } from "../sources/robot/episode-to-trace.js";

/**
 * What the robot judge measures, read from a robot Trace's steps only (never `meta`): the control
 * actions, how many a human took over, how many changed abruptly, how many carry a camera frame,
 * and the episode's success from the terminal `success_rate` signal.
 */
export interface RobotEpisodeSignals {
  actionSteps: number;
  interventionSteps: number;
  /** Consecutive actions whose largest per-dimension change exceeds `jumpThreshold`. */
  jumps: number;
  /** Mean absolute second difference of the actions (jerk per step), 0 with fewer than 3. */
  meanJerk: number;
  framedSteps: number;
  /** The last `success_rate` signal (0..1 when the recorder used that range); undefined without one. */
  success?: number;
  durationS: number;
}

/** Controls of this recorder are in [-1, 1]: a change of more than a quarter of that range in one step is a jump. */
export const jumpThreshold = 0.5;

export function measureRobotEpisode(trace: Trace): RobotEpisodeSignals {
  const actions: number[][] = [];
  let interventionSteps = 0;
  let framedSteps = 0;
  let success: number | undefined;
  let durationS = 0;
  for (const step of trace.steps) {
    durationS = Math.max(durationS, step.t);
    if (step.signal?.name === robotSuccessSignal) success = step.signal.value;
    if (step.kind !== "action" || step.action?.type !== "control") continue;
    actions.push(step.action.values);
    if (step.intervention === true) interventionSteps += 1;
    if (step.frame !== undefined) framedSteps += 1;
  }
  let jumps = 0;
  for (let index = 1; index < actions.length; index += 1)
    if (largestChange(actions[index - 1] ?? [], actions[index] ?? []) > jumpThreshold) jumps += 1;
  let jerk = 0;
  for (let index = 2; index < actions.length; index += 1) {
    const [a, b, c] = [actions[index - 2] ?? [], actions[index - 1] ?? [], actions[index] ?? []];
    const width = Math.max(a.length, b.length, c.length);
    let sum = 0;
    for (let d = 0; d < width; d += 1) sum += Math.abs((c[d] ?? 0) - 2 * (b[d] ?? 0) + (a[d] ?? 0));
    jerk += width === 0 ? 0 : sum / width;
  }
  return {
    actionSteps: actions.length,
    interventionSteps,
    jumps,
    meanJerk: actions.length < 3 ? 0 : jerk / (actions.length - 2),
    framedSteps,
    ...(success === undefined ? {} : { success }),
    durationS,
  };
}

function largestChange(previous: readonly number[], next: readonly number[]): number {
  let largest = 0;
  const width = Math.max(previous.length, next.length);
  for (let d = 0; d < width; d += 1)
    largest = Math.max(largest, Math.abs((next[d] ?? 0) - (previous[d] ?? 0)));
  return largest;
}
