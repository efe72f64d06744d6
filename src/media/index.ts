/**
 * src/media: ffmpeg/ffprobe discovery (explicit path, PATH, or the npm-shipped binaries).
 * Frame extraction and image work land here with the screen-session pipeline.
 */
export { findMediaTool, findOnPath, type MediaTool, type MediaToolName } from "./tools.js";
