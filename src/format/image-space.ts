import type { Action, MediaRef, Step, Trace } from "../core/trace.js";
import { type ScreenSize, screenOf, sizedFrame } from "./session-facts.js";

/**
 * Coordinates in a screenshot's own pixel space. Actions carry PHYSICAL screen pixels; a frame
 * is the video resized (and optionally cropped), so a point is mapped through the region of the
 * video the image shows. Contract: when `frame.crop` is set, the image at `frame.path` IS that
 * crop (a MediaRef describes its own image); otherwise it shows the whole screen.
 */

export type PointMapper = (x: number, y: number) => [number, number];

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ImageSize {
  width: number;
  height: number;
}

const roundPoint: PointMapper = (x, y) => [Math.round(x) + 0, Math.round(y) + 0];

/** The part of the video (physical pixels) an image shows, when it can be known. */
export function frameRegion(frame: MediaRef, screen: ScreenSize | undefined): Region | undefined {
  if (frame.crop) return frame.crop;
  if (screen) return { x: 0, y: 0, width: screen.width, height: screen.height };
  return undefined;
}

/** Physical pixels → the image's pixels, rounded; identity (rounded) when the region is unknown. */
export function imageMapper(
  frame: (MediaRef & ImageSize) | undefined,
  screen: ScreenSize | undefined,
): PointMapper {
  if (!frame) return roundPoint;
  const region = frameRegion(frame, screen);
  if (!region) return roundPoint;
  const sx = frame.width / region.width;
  const sy = frame.height / region.height;
  // physical × image / region, rounded (the brief's formula); a point inside the region stays
  // inside the image (2879 of 2880 → 1279 of 1280, not 1280). `+ 0` turns -0 into 0.
  const axis = (v: number, start: number, size: number, scale: number, max: number) => {
    const mapped = Math.round((v - start) * scale) + 0;
    return v >= start && v < start + size ? Math.min(mapped, max - 1) : mapped;
  };
  return (x, y) => [
    axis(x, region.x, region.width, sx, frame.width),
    axis(y, region.y, region.height, sy, frame.height),
  ];
}

/**
 * The screenshot space of a whole session: the size of its first full-screen (uncropped) frame,
 * else the physical screen. Computer-use formats declare this as the display size.
 */
export function displaySize(trace: Trace): ImageSize | undefined {
  for (const step of trace.steps) {
    const frame = sizedFrame(step);
    if (frame && !frame.crop) return { width: frame.width, height: frame.height };
  }
  const screen = screenOf(trace);
  return screen ? { width: screen.width, height: screen.height } : undefined;
}

/** Physical pixels → the session's display space (see displaySize). */
export function displayMapper(trace: Trace): PointMapper {
  const display = displaySize(trace);
  const screen = screenOf(trace);
  if (!display || !screen) return roundPoint;
  return imageMapper({ kind: "image", path: "", ...display }, screen);
}

/** A copy of a pointer action with its coordinates mapped; other actions unchanged. */
export function mapActionPoints(action: Action, map: PointMapper): Action {
  switch (action.type) {
    case "click":
    case "double_click":
    case "move": {
      const [x, y] = map(action.x, action.y);
      return { ...action, x, y };
    }
    case "drag":
      return { ...action, path: action.path.map(([x, y]) => map(x, y)) };
    case "scroll": {
      if (action.x === undefined || action.y === undefined) return action;
      const [x, y] = map(action.x, action.y);
      return { ...action, x, y };
    }
    default:
      return action;
  }
}

/** The point an action happens at (physical pixels), for drawing and logical coordinates. */
export function actionPoint(action: Action): [number, number] | undefined {
  switch (action.type) {
    case "click":
    case "double_click":
    case "move":
      return [action.x, action.y];
    case "drag":
      return action.path[0];
    case "scroll":
      return action.x !== undefined && action.y !== undefined ? [action.x, action.y] : undefined;
    default:
      return undefined;
  }
}

/**
 * For each step, the mapper into the screenshot that accompanies it: its own frame when sized,
 * else the latest full-screen frame before it, else the session's first full-screen frame (all
 * frames of a session share one resize, so that is the space the model sees), else physical.
 */
export function frameSpaceMappers(trace: Trace): Map<Step, PointMapper> {
  const screen = screenOf(trace);
  const firstFull = trace.steps.map(sizedFrame).find((frame) => frame && !frame.crop);
  let lastFull = firstFull;
  const mappers = new Map<Step, PointMapper>();
  for (const step of trace.steps) {
    const own = sizedFrame(step);
    if (own && !own.crop) lastFull = own;
    mappers.set(step, imageMapper(own ?? lastFull, screen));
  }
  return mappers;
}
