import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { TracemillError } from "../core/errors.js";

/** What the frame pipeline needs to know about a video, from one ffprobe call. */
export interface VideoInfo {
  durationS: number;
  width: number;
  height: number;
  /** Average frame rate (frames / duration); the nominal rate when ffprobe has no average. */
  fps: number;
  codec: string;
}

const run = promisify(execFile);

interface ProbeJson {
  streams?: {
    codec_name?: string;
    width?: number;
    height?: number;
    avg_frame_rate?: string;
    r_frame_rate?: string;
    duration?: string;
  }[];
  format?: { duration?: string };
}

export async function probeVideo(path: string, ffprobePath: string): Promise<VideoInfo> {
  // biome-ignore format: option/value pairs
  const args = [
    "-v", "error", "-select_streams", "v:0",
    "-show_entries", "stream=codec_name,width,height,avg_frame_rate,r_frame_rate,duration:format=duration",
    "-of", "json", path,
  ];
  let stdout: string;
  try {
    ({ stdout } = await run(ffprobePath, args, { timeout: 60_000, maxBuffer: 1 << 20 }));
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === "ENOENT" && failure.path === ffprobePath) {
      throw new TracemillError("unavailable", `ffprobe not found at ${ffprobePath}`, {
        cause: error,
      });
    }
    const message = failure.stderr?.trim().split("\n").pop() || failure.message;
    throw new TracemillError("input_invalid", `cannot read video ${path}: ${message}`, {
      cause: error,
      details: { path },
    });
  }
  return parseProbe(path, JSON.parse(stdout) as ProbeJson);
}

/** Pure: ffprobe's JSON to VideoInfo; a file without a usable video stream is input_invalid. */
export function parseProbe(path: string, probe: ProbeJson): VideoInfo {
  const stream = probe.streams?.[0];
  if (!stream?.width || !stream.height) {
    throw new TracemillError("input_invalid", `cannot read video ${path}: no video stream`, {
      details: { path },
    });
  }
  const durationS = Number(stream.duration ?? probe.format?.duration);
  const fps = rate(stream.avg_frame_rate) ?? rate(stream.r_frame_rate);
  if (!Number.isFinite(durationS) || durationS <= 0 || fps === undefined) {
    throw new TracemillError(
      "input_invalid",
      `cannot read video ${path}: no duration or frame rate in ffprobe's answer`,
      { details: { path } },
    );
  }
  return {
    durationS,
    width: stream.width,
    height: stream.height,
    fps,
    codec: stream.codec_name ?? "unknown",
  };
}

/** "30000/1001" → 29.97; "0/0" and missing → undefined. */
function rate(value: string | undefined): number | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(value ?? "");
  if (!match) return undefined;
  const result = Number(match[1]) / Number(match[2]);
  return Number.isFinite(result) && result > 0 ? result : undefined;
}
