import type { MediaRef, Step, Trace } from "../../core/trace.js";

/**
 * Puts extracted frames into a Trace: each action step gets the frame just before it, and idle
 * frames become environment observation steps; steps are renumbered in time order. Pure.
 */
export interface ExtractedFrame {
  key: string;
  t: number;
  /** Path relative to the session's output folder, e.g. "frames/step-0003.jpg". */
  path: string;
  width: number;
  height: number;
  sha256?: string;
  bytes?: number;
  /** A crop around the action point, written beside the frame (video pixels). */
  crop?: { x: number; y: number; width: number; height: number; path: string };
  /** The action steps this frame comes just before. */
  stepIndexes: number[];
  reason: "action" | "idle";
}

export function attachFrames(
  trace: Trace,
  frames: readonly ExtractedFrame[],
  videoFile: string,
): Trace {
  const byStep = new Map<number, ExtractedFrame>();
  for (const frame of frames) for (const index of frame.stepIndexes) byStep.set(index, frame);
  const withFrames: Step[] = trace.steps.map((step) => {
    const frame = byStep.get(step.index);
    return frame ? { ...step, frame: toMediaRef(frame) } : step;
  });
  const idle: Step[] = frames
    .filter((frame) => frame.reason === "idle")
    .map((frame) => ({
      index: 0,
      t: frame.t,
      actor: "environment",
      kind: "observation",
      frame: toMediaRef(frame),
      origin: { file: videoFile },
    }));
  const ordered = [...withFrames, ...idle]
    .map((step, order) => ({ step, order }))
    .sort((a, b) => a.step.t - b.step.t || a.order - b.order)
    .map(({ step }, index) => ({ ...step, index }));
  // A step's frame is the full screenshot; crops are separate images (a frame's `crop` would mean the image is the crop).
  const crops = frames.flatMap((frame) =>
    frame.crop
      ? [
          {
            kind: "image" as const,
            path: frame.crop.path,
            mimeType: "image/jpeg",
            t: frame.t,
            crop: {
              x: frame.crop.x,
              y: frame.crop.y,
              width: frame.crop.width,
              height: frame.crop.height,
            },
          },
        ]
      : [],
  );
  return { ...trace, steps: ordered, media: [...trace.media, ...crops] };
}

function toMediaRef(frame: ExtractedFrame): MediaRef {
  return {
    kind: "image",
    path: frame.path,
    mimeType: "image/jpeg",
    t: frame.t,
    width: frame.width,
    height: frame.height,
    ...(frame.sha256 ? { sha256: frame.sha256 } : {}),
    ...(frame.bytes !== undefined ? { bytes: frame.bytes } : {}),
  };
}
