import type { Step, Trace } from "../core/trace.js";
import type { SourceWarning } from "../sources/types.js";
import { conversationTurns, type ScreenAction, type Turn } from "./conversation-turns.js";
import {
  actionPoint,
  displayMapper,
  displaySize,
  type ImageSize,
  mapActionPoints,
  type PointMapper,
} from "./image-space.js";
import { loadFrameBase64, type ReadImage } from "./trace-to-sft.js";

/**
 * What both computer-use formats share: the conversation turns, every coordinate in ONE display
 * space (the session's full-screen screenshot size; a provider's display is the whole screen,
 * so crops are not used for coordinates), the screenshot each action produced (the next frame
 * of the session) and the pointer position for scrolls recorded without one.
 */

export interface ComputerUseOptions {
  readImage: ReadImage;
  onWarning?: (warning: SourceWarning) => void;
  /** Recorder scroll units per provider scroll click (Anthropic scroll_amount). Default 1. */
  scrollUnitsPerClick?: number;
  /** Provider pixels per recorder scroll unit (OpenAI scroll_x / scroll_y). Default 1. */
  scrollPixelsPerUnit?: number;
}

export interface ImageData {
  mediaType: "image/jpeg" | "image/png";
  data: string;
}

export interface ComputerUseWalk {
  turns: Turn[];
  display: ImageSize;
  /** The action with coordinates in display space, and where the pointer is (display space). */
  mapped(turn: Extract<Turn, { kind: "action" }>): {
    action: ScreenAction;
    pointer: [number, number];
  };
  /** The screenshot after an action: the next frame in the session, if any. */
  frameAfter(step: Step): string | undefined;
  loadImage(path: string): Promise<ImageData | undefined>;
}

export function mediaTypeOf(base64: string): "image/jpeg" | "image/png" {
  return base64.startsWith("iVBOR") ? "image/png" : "image/jpeg";
}

export function computerUseWalk(trace: Trace, options: ComputerUseOptions): ComputerUseWalk {
  const map: PointMapper = displayMapper(trace);
  const display = displaySize(trace) ?? fallbackDisplay(trace);
  const after = new Map<Step, string | undefined>();
  let next: string | undefined;
  for (let i = trace.steps.length - 1; i >= 0; i--) {
    const step = trace.steps[i] as Step;
    after.set(step, next);
    if (step.frame) next = step.frame.path;
  }
  // Scrolls recorded without a position happen where the pointer last was (else mid-screen).
  let pointer: [number, number] = [Math.round(display.width / 2), Math.round(display.height / 2)];
  return {
    turns: conversationTurns(trace),
    display,
    mapped(turn) {
      const action = mapActionPoints(turn.action, map) as ScreenAction;
      const point = actionPoint(action);
      if (action.type === "drag") pointer = action.path[action.path.length - 1] ?? pointer;
      else if (point) pointer = point;
      return { action, pointer };
    },
    frameAfter: (step) => after.get(step),
    async loadImage(path) {
      const data = await loadFrameBase64(path, options.readImage, options.onWarning);
      return data === undefined ? undefined : { mediaType: mediaTypeOf(data), data };
    },
  };
}

/** No screen size and no frames: the smallest display holding every recorded point. */
function fallbackDisplay(trace: Trace): ImageSize {
  let width = 1;
  let height = 1;
  for (const step of trace.steps) {
    const point = step.action ? actionPoint(step.action) : undefined;
    if (point) {
      width = Math.max(width, Math.ceil(point[0]) + 1);
      height = Math.max(height, Math.ceil(point[1]) + 1);
    }
  }
  return { width, height };
}
