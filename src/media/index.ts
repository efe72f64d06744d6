/**
 * src/media: ffmpeg/ffprobe discovery, probing, frame planning and one-pass frame extraction,
 * and generated pointer videos for examples and tests.
 */
export {
  type ExtractFramesOptions,
  type ExtractFramesResult,
  extractFrames,
  type MediaWarning,
  type SpawnFunction,
} from "./extract-frames.js";
export { type CropBox, cropBox, type ExtractedFrame } from "./frame-writer.js";
export {
  type FrameRequest,
  type PlanFramesOptions,
  type PlanStep,
  planFrames,
} from "./plan-frames.js";
export { type PointerSample, pointerAt } from "./pointer-frame.js";
export { findPointerDot, generatePointerVideo, type PointerVideoOptions } from "./pointer-video.js";
export { findMediaTool, findOnPath, type MediaTool, type MediaToolName } from "./tools.js";
export { probeVideo, type VideoInfo } from "./video-info.js";
