import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { TracemillError } from "../core/errors.js";
import { drawPointerFrame, type PointerSample, pointerAt } from "./pointer-frame.js";

/**
 * Writes an H.264 mp4 whose every frame shows where the pointer is, so extracted frames, crops and
 * previews can be checked by eye and by test (`findPointerDot`). Frames are drawn in Node and piped
 * to ffmpeg as raw yuv420p; with bit-exact flags the file is byte-identical across runs on the same
 * ffmpeg build.
 */
export interface PointerVideoOptions {
  out: string;
  width: number;
  height: number;
  fps: number;
  durationS: number;
  pointer: PointerSample[];
  ffmpegPath: string;
  /** Keyframe interval in frames (default 250, x264's default and the desktop recorder's). */
  keyframeInterval?: number;
}

export async function generatePointerVideo(options: PointerVideoOptions): Promise<void> {
  const { width, height, fps, durationS } = options;
  if (width % 2 || height % 2 || width < 16 || height < 16) {
    throw new TracemillError(
      "input_invalid",
      `pointer video size must be even and >= 16 (got ${width}x${height})`,
    );
  }
  if (!(fps > 0) || !(durationS > 0)) {
    throw new TracemillError("input_invalid", "pointer video needs fps > 0 and durationS > 0");
  }
  await mkdir(dirname(options.out), { recursive: true });
  const pointer = [...options.pointer].sort((a, b) => a.t - b.t);
  const frameCount = Math.max(1, Math.round(durationS * fps));
  // biome-ignore format: option/value pairs
  const args = [
    "-hide_banner", "-loglevel", "error", "-y",
    "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", `${width}x${height}`, "-r", String(fps),
    "-i", "pipe:0",
    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
    "-g", String(options.keyframeInterval ?? 250),
    "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1",
    "-movflags", "+faststart", options.out,
  ];
  const child = spawn(options.ffmpegPath, args, { stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  let exited = false;
  const closed = new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      exited = true;
      resolve(code);
    });
  });
  // A write after ffmpeg died fails with EPIPE; the exit code and stderr report the real cause.
  child.stdin.on("error", () => {});
  const frameBytes = width * height * 1.5;
  try {
    for (let n = 0; n < frameCount && !exited; n++) {
      // A fresh buffer per frame: the stream may still hold the previous one.
      const frame = Buffer.allocUnsafe(frameBytes);
      const t = n / fps;
      drawPointerFrame(frame, width, height, n, t, pointerAt(pointer, t));
      if (!child.stdin.write(frame)) {
        await Promise.race([once(child.stdin, "drain"), closed]);
      }
    }
  } finally {
    child.stdin.end();
  }
  const code = await closed;
  if (code !== 0) {
    throw new TracemillError(
      "io",
      `ffmpeg could not write ${options.out}: ${stderr.trim() || `exit ${code}`}`,
    );
  }
}

/**
 * Centre of the pointer dot in a decoded RGB(A) image, or undefined when none is visible: the
 * centroid of strongly red (or, while pressed, green) pixels. Tolerant of JPEG and chroma noise.
 */
export function findPointerDot(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
): { x: number; y: number; pressed: boolean; pixels: number } | undefined {
  let red = { sx: 0, sy: 0, n: 0 };
  let green = { sx: 0, sy: 0, n: 0 };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * channels;
      const r = pixels[offset] as number;
      const g = pixels[offset + 1] as number;
      const b = pixels[offset + 2] as number;
      if (r > 150 && g < 110 && b < 110) red = { sx: red.sx + x, sy: red.sy + y, n: red.n + 1 };
      else if (g > 140 && r < 110 && b < 110)
        green = { sx: green.sx + x, sy: green.sy + y, n: green.n + 1 };
    }
  }
  const best = red.n >= green.n ? red : green;
  if (best.n < 4) return undefined;
  return { x: best.sx / best.n, y: best.sy / best.n, pressed: best === green, pixels: best.n };
}
