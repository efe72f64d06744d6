import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { extractFrames, type SpawnFunction } from "../src/media/extract-frames.js";
import { writeFrameImages } from "../src/media/frame-writer.js";
import type { FrameRequest } from "../src/media/plan-frames.js";
import { PpmStreamParser } from "../src/media/ppm-stream.js";
import { findMediaTool } from "../src/media/tools.js";

/**
 * Frames benchmark (issue 3): 300 frames spread over a 10-minute 1920×1080 30 fps H.264 video.
 *   one pass:  extractFrames, one ffmpeg process (full decode + select filter, PPM pipe, sharp);
 *   baseline:  one ffmpeg process per frame (`-ss t -i video -frames:v 1`), same sharp resize.
 * The video is encoded like the real desktop recorder (libx264 ultrafast, keyint 250, no
 * scenecut: one keyframe every 8.3 s): 25 s of lavfi testsrc2 encoded once, then looped 24 times
 * with stream copy (encoding 10 minutes of 1080p testsrc2 takes ~7 minutes here; decoding cost per
 * frame is the same). A decode-only run (`-f null`) shows what dominates.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/screen-frames.js
 */
const run = promisify(execFile);
const frameCount = 300;
const videoSeconds = 600;

/** Peak resident memory of child processes, sampled from /proc (Linux) while they run. */
let childPeakKb = 0;
function watchPeak(child: ChildProcess): void {
  const sample = async () => {
    try {
      const status = await readFile(`/proc/${child.pid}/status`, "utf8");
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      childPeakKb = Math.max(childPeakKb, kb);
    } catch {
      // exited
    }
  };
  const timer = setInterval(sample, 25);
  void sample();
  child.once("close", () => clearInterval(timer));
}
const watchedSpawn: SpawnFunction = (command, args, options) => {
  const child = spawn(command, args, options);
  watchPeak(child);
  return child;
};

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

async function makeVideo(ffmpeg: string, dir: string): Promise<string> {
  const clip = join(dir, "clip.mp4");
  const video = join(dir, "screen-10min.mp4");
  // biome-ignore format: option/value pairs
  await run(ffmpeg, [
    "-hide_banner", "-loglevel", "error", "-y",
    "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=25",
    "-c:v", "libx264", "-preset", "ultrafast", "-x264-params", "keyint=250:scenecut=0",
    "-pix_fmt", "yuv420p", clip,
  ]);
  // biome-ignore format: option/value pairs
  await run(ffmpeg, [
    "-hide_banner", "-loglevel", "error", "-y",
    "-stream_loop", String(videoSeconds / 25 - 1), "-i", clip, "-c", "copy", video,
  ]);
  return video;
}

/** The baseline: one ffmpeg per frame, the same PPM pipe and the same sharp step. */
async function perFrame(ffmpeg: string, video: string, requests: FrameRequest[], outDir: string) {
  const writeOptions = {
    outDir,
    maxWidth: 1280,
    maxHeight: 800,
    quality: 80,
    crop: false as const,
  };
  const hashes = new Map<string, string>();
  for (const request of requests) {
    // biome-ignore format: option/value pairs
    const args = [
      "-hide_banner", "-loglevel", "error", "-ss", String(request.t), "-i", video,
      "-frames:v", "1", "-f", "image2pipe", "-c:v", "ppm", "pipe:1",
    ];
    const child = watchedSpawn(ffmpeg, args, { stdio: ["ignore", "pipe", "ignore"] });
    const parser = new PpmStreamParser();
    const frames = [];
    for await (const chunk of child.stdout ?? []) frames.push(...parser.push(chunk as Buffer));
    const frame = frames[0];
    if (!frame) throw new Error(`no frame at ${request.t}`);
    const [written] = await writeFrameImages(frame, request.t, [request], writeOptions);
    if (written) hashes.set(request.key, written.sha256);
  }
  return hashes;
}

async function main(): Promise<void> {
  const tool = await findMediaTool("ffmpeg");
  if (!tool) throw new Error("ffmpeg not found");
  const dir = await mkdtemp(join(tmpdir(), "tracemill-bench-frames-"));
  try {
    console.log(`ffmpeg: ${tool.version} (${tool.source}); node ${process.version}`);
    const made = await timed(() => makeVideo(tool.path, dir));
    console.log(
      `video: 600 s 1920x1080 30 fps, x264 ultrafast keyint 250 (generated in ${(made.ms / 1000).toFixed(1)} s)`,
    );
    // 300 frames spread evenly, offset so they do not sit on keyframes.
    const requests: FrameRequest[] = Array.from({ length: frameCount }, (_, i) => ({
      key: `frame-${String(i).padStart(4, "0")}`,
      t: Math.round(((i + 0.5) * videoSeconds * 1000) / frameCount + ((i * 37) % 100)) / 1000,
      reason: "idle",
    }));

    const decode = await timed(() =>
      run(tool.path, ["-hide_banner", "-loglevel", "error", "-i", made.value, "-f", "null", "-"]),
    );
    console.log(`decode only (ffmpeg -f null, whole video): ${(decode.ms / 1000).toFixed(1)} s`);

    childPeakKb = 0;
    const onePass = await timed(() =>
      extractFrames({
        video: made.value,
        requests,
        outDir: join(dir, "one-pass"),
        ffmpegPath: tool.path,
        spawn: watchedSpawn,
      }),
    );
    const onePassPeak = childPeakKb;
    const oneWarnings = onePass.value.warnings.length;
    console.log(
      `one pass: ${(onePass.ms / 1000).toFixed(1)} s for ${onePass.value.frames.length} frames, 1 process, ffmpeg peak RSS ${Math.round(onePassPeak / 1024)} MB, ${oneWarnings} warnings`,
    );

    childPeakKb = 0;
    await mkdir(join(dir, "per-frame"), { recursive: true });
    const baseline = await timed(() =>
      perFrame(tool.path, made.value, requests, join(dir, "per-frame")),
    );
    console.log(
      `baseline: ${(baseline.ms / 1000).toFixed(1)} s for ${baseline.value.size} frames, ${frameCount} processes, ffmpeg peak RSS ${Math.round(childPeakKb / 1024)} MB`,
    );

    const same = onePass.value.frames.filter(
      (frame) => baseline.value.get(frame.key) === frame.sha256,
    ).length;
    console.log(`identical JPEGs (one pass vs baseline): ${same}/${frameCount}`);
    console.log(`speedup: ${(baseline.ms / onePass.ms).toFixed(2)}x (goal >= 5x)`);
    console.log(`one pass / decode-only: ${(onePass.ms / decode.ms).toFixed(2)}`);
    console.log(`node peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
