import type { Episode } from "../sources/robot/episode.js";

/**
 * Intervention segments: contiguous runs of steps where the human held the controls, at least
 * `minSegment` long, each with up to `contextSteps` steps before it for the model to read.
 * Corrections may only touch `start..end` (inclusive); the context is there to be looked at.
 */
export interface Segment {
  start: number;
  end: number;
  contextStart: number;
}

export interface SegmentOptions {
  minSegment?: number;
  contextSteps?: number;
}

export const defaultSegmentOptions = { minSegment: 3, contextSteps: 10 } as const;

export function findSegments(
  episode: Pick<Episode, "steps">,
  options: SegmentOptions = {},
): Segment[] {
  const minSegment = Math.max(1, options.minSegment ?? defaultSegmentOptions.minSegment);
  const contextSteps = Math.max(0, options.contextSteps ?? defaultSegmentOptions.contextSteps);
  const segments: Segment[] = [];
  let runStart: number | undefined;
  const close = (end: number) => {
    if (runStart !== undefined && end - runStart + 1 >= minSegment)
      segments.push({ start: runStart, end, contextStart: Math.max(0, runStart - contextSteps) });
    runStart = undefined;
  };
  episode.steps.forEach((step, index) => {
    if (step.intervention) runStart ??= index;
    else close(index - 1);
  });
  close(episode.steps.length - 1);
  return segments;
}

/** The indices a model must answer for, in order. */
export function segmentIndices(segment: Segment): number[] {
  return Array.from(
    { length: segment.end - segment.start + 1 },
    (_, offset) => segment.start + offset,
  );
}
