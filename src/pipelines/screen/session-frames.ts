import { basename, join, relative } from "node:path";
import type { Action, Trace } from "../../core/trace.js";
import { actionPoint } from "../../format/image-space.js";
import type { probeVideo } from "../../media/video-info.js";
import type { SourceWarning } from "../../sources/types.js";
import { attachFrames, type ExtractedFrame } from "./attach-frames.js";

/**
 * Frames for one session: probe the video, plan the frame before each action plus one per idle
 * second, extract them all in one ffmpeg pass, attach them to the steps. A missing or unreadable
 * video leaves the trace without frames and says so in a warning.
 */
export async function extractSessionFrames(
  trace: Trace,
  outDir: string,
  tools: { ffmpegPath?: string; ffprobePath?: string; crop?: boolean },
): Promise<{ trace: Trace; warnings: SourceWarning[] }> {
  const video = trace.media.find((media) => media.kind === "video");
  if (!video) return { trace, warnings: [] };
  const file = basename(video.path);
  if (!tools.ffmpegPath || !tools.ffprobePath) {
    return {
      trace,
      warnings: [
        {
          code: "ffmpeg_missing",
          message: "ffmpeg/ffprobe not found: processed without frames",
          file,
        },
      ],
    };
  }
  // The media modules load only for a session with a video and the tools to read it.
  const [{ extractFrames }, { planFrames }, { probeVideo }] = await Promise.all([
    import("../../media/extract-frames.js"),
    import("../../media/plan-frames.js"),
    import("../../media/video-info.js"),
  ]);
  let probe: Awaited<ReturnType<typeof probeVideo>>;
  try {
    probe = await probeVideo(video.path, tools.ffprobePath);
  } catch (error) {
    return {
      trace,
      warnings: [
        {
          code: "video_unreadable",
          message: `${(error as Error).message}: processed without frames`,
          file,
        },
      ],
    };
  }
  const screenWidth = trace.environment?.screen?.width ?? probe.width;
  const videoScale = probe.width / screenWidth;
  const planned = trace.steps
    .filter((step) => step.kind === "action" && step.action)
    .map((step) => {
      // A point outside the recorded display gets its frame but no crop around it.
      const point = step.outsideRecording ? undefined : actionPoint(step.action as Action);
      return {
        index: step.index,
        t: step.t,
        ...(point ? { x: point[0] * videoScale, y: point[1] * videoScale } : {}),
      };
    });
  const requests = planFrames(planned, probe.durationS, { fps: probe.fps });
  const framesDir = join(outDir, "frames");
  const extracted = await extractFrames({
    video: video.path,
    requests,
    outDir: framesDir,
    ffmpegPath: tools.ffmpegPath,
    crop: tools.crop ? { width: 512, height: 512 } : false,
  });
  const requestByKey = new Map(requests.map((request) => [request.key, request]));
  const frames: ExtractedFrame[] = extracted.frames.map((frame) => {
    const request = requestByKey.get(frame.key);
    return {
      key: frame.key,
      t: frame.t,
      path: relative(outDir, frame.path),
      width: frame.width,
      height: frame.height,
      sha256: frame.sha256,
      bytes: frame.bytes,
      reason: request?.reason ?? "idle",
      stepIndexes:
        request?.stepIndexes ?? (request?.stepIndex !== undefined ? [request.stepIndex] : []),
      ...(frame.crop && frame.cropPath
        ? { crop: { ...frame.crop, path: relative(outDir, frame.cropPath) } }
        : {}),
    };
  });
  const framed = attachFrames(trace, frames, file);
  framed.media = framed.media.map((media) =>
    media === video ? { ...media, width: probe.width, height: probe.height } : media,
  );
  return {
    trace: framed,
    warnings: extracted.warnings.map((warning) => ({ ...warning, file: warning.file ?? file })),
  };
}
