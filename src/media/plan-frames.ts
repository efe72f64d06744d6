/**
 * Which frames a session needs, decided before any video is touched (pure): the frame just before
 * each action, plus one per second through idle stretches so a judge also sees what happened while
 * nobody acted (pages loading, the final state after the last action).
 */
export interface PlanStep {
  index: number;
  /** Seconds from the start of the video. */
  t: number;
  /** Action point in physical video pixels, when the action has one. */
  x?: number;
  y?: number;
}

export interface FrameRequest {
  /** Stable file-name stem: `step-0012` for actions, `idle-0031.0` for idle frames. */
  key: string;
  /** The time to extract: the first video frame at or after `t` is returned. */
  t: number;
  /** The first step this frame was requested for (action frames only). */
  stepIndex?: number;
  /** Every step that shares this frame (two actions in the same video frame share one request). */
  stepIndexes?: number[];
  reason: "action" | "idle";
  /** Centre for the optional crop, physical video pixels. */
  point?: { x: number; y: number };
}

export interface PlanFramesOptions {
  /** Video frame rate, used to decide which actions land in the same frame. Default 30. */
  fps?: number;
  /** How far before an action to look. Default one frame (1/fps), so the frame shows the screen
   * before the action, not the frame that may already show its effect. */
  epsilonS?: number;
  /** Spacing of idle frames and the shortest gap that counts as idle. Default 1 s. */
  idleIntervalS?: number;
}

export function planFrames(
  steps: PlanStep[],
  durationS: number,
  options: PlanFramesOptions = {},
): FrameRequest[] {
  const fps = options.fps && options.fps > 0 ? options.fps : 30;
  const epsilon = options.epsilonS ?? 1 / fps;
  const interval = options.idleIntervalS ?? 1;
  // The extractor returns the first frame with pts >= t, i.e. frame number ceil(t * fps).
  const frameOf = (t: number) => Math.ceil(t * fps - 1e-6);

  const actions = steps
    .filter((step) => Number.isFinite(step.t))
    .slice()
    .sort((a, b) => a.t - b.t || a.index - b.index);

  const requests: FrameRequest[] = [];
  const actionFrames = new Set<number>();
  let previous: { request: FrameRequest; frame: number } | undefined;
  for (const step of actions) {
    const t = Math.max(0, step.t - epsilon);
    const frame = frameOf(t);
    if (previous && previous.frame === frame) {
      previous.request.stepIndexes?.push(step.index);
      continue;
    }
    const request: FrameRequest = {
      key: `step-${String(step.index).padStart(4, "0")}`,
      t,
      stepIndex: step.index,
      stepIndexes: [step.index],
      reason: "action",
    };
    if (step.x !== undefined && step.y !== undefined) request.point = { x: step.x, y: step.y };
    requests.push(request);
    actionFrames.add(frame);
    previous = { request, frame };
  }

  // Idle stretches: between consecutive actions, from 0 to the first and from the last to the end.
  const bounds = [0, ...actions.map((step) => step.t), durationS];
  const idleKeys = new Set<string>();
  for (let gap = 0; gap + 1 < bounds.length; gap++) {
    const start = bounds[gap] as number;
    const end = bounds[gap + 1] as number;
    if (!(end - start >= interval)) continue;
    for (let k = 1; start + k * interval < end; k++) {
      const t = start + k * interval;
      const key = `idle-${t.toFixed(1).padStart(6, "0")}`;
      if (actionFrames.has(frameOf(t)) || idleKeys.has(key)) continue;
      idleKeys.add(key);
      requests.push({ key, t, reason: "idle" });
    }
  }
  return requests.sort((a, b) => a.t - b.t || (a.key < b.key ? -1 : 1));
}
