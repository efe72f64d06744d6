import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { extractFrames, fitScaleFilter, type SpawnFunction } from "../src/media/extract-frames.js";
import { writeFrameImages } from "../src/media/frame-writer.js";
import type { FrameRequest } from "../src/media/plan-frames.js";
import { generatePointerVideo } from "../src/media/pointer-video.js";
import { PpmStreamParser } from "../src/media/ppm-stream.js";
import { findMediaTool } from "../src/media/tools.js";

/**
 * Frames benchmark (issue 3): 300 frames spread over a 10-minute 1920×1080 30 fps H.264 video.
 *   one pass:  extractFrames, one ffmpeg process (full decode + select filter, PPM pipe, sharp);
 *   baseline:  one ffmpeg process per frame (`-ss t -i video -frames:v 1`), the same ffmpeg
 *              shrink to 1280×800 and the same sharp JPEG step, so the JPEGs are byte-identical.
 * Two videos, both encoded like the real desktop recorder (libx264 ultrafast, keyint 250: one
 * keyframe every 8.3 s), each 25 s encoded once then looped 24 times with stream copy:
 *   screen:   what a screen recording looks like — a still desktop (grid) with a moving pointer
 *             (generatePointerVideo, the same generator as the examples);
 *   testsrc2: lavfi testsrc2, every pixel moving every frame — the worst case for decoding.
 * A decode-only run (`-f null`) shows what dominates. `--video screen|testsrc2` runs one.
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

type VideoKind = "screen" | "testsrc2";

async function makeClip(kind: VideoKind, ffmpeg: string, clip: string): Promise<void> {
  if (kind === "screen") {
    // A pointer wandering over the desktop, pausing, as in a recorded session.
    const pointer = Array.from({ length: 26 }, (_, second) => ({
      t: second,
      x: 200 + ((second * 397) % 1500),
      y: 150 + ((second * 241) % 800),
      pressed: second % 5 === 0,
    }));
    await generatePointerVideo({
      out: clip,
      width: 1920,
      height: 1080,
      fps: 30,
      durationS: 25,
      pointer,
      ffmpegPath: ffmpeg,
      keyframeInterval: 250,
    });
    return;
  }
  // biome-ignore format: option/value pairs
  await run(ffmpeg, [
    "-hide_banner", "-loglevel", "error", "-y",
    "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=25",
    "-c:v", "libx264", "-preset", "ultrafast", "-x264-params", "keyint=250:scenecut=0",
    "-pix_fmt", "yuv420p", clip,
  ]);
}

async function makeVideo(kind: VideoKind, ffmpeg: string, dir: string): Promise<string> {
  const clip = join(dir, `${kind}-clip.mp4`);
  const video = join(dir, `${kind}-10min.mp4`);
  await makeClip(kind, ffmpeg, clip);
  // biome-ignore format: option/value pairs
  await run(ffmpeg, [
    "-hide_banner", "-loglevel", "error", "-y",
    "-stream_loop", String(videoSeconds / 25 - 1), "-i", clip, "-c", "copy", video,
  ]);
  return video;
}

/** The baseline: one ffmpeg per frame, the same ffmpeg shrink, PPM pipe and sharp step. */
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
      "-vf", fitScaleFilter(writeOptions),
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
  console.log(`ffmpeg: ${tool.version} (${tool.source}); node ${process.version}`);
  const chosen = process.argv.indexOf("--video");
  const kinds: VideoKind[] =
    chosen === -1 ? ["screen", "testsrc2"] : [process.argv[chosen + 1] as VideoKind];
  for (const kind of kinds) await measure(kind, tool.path);
  console.log(`node peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
}

async function measure(kind: VideoKind, ffmpeg: string): Promise<void> {
  const tool = { path: ffmpeg };
  const dir = await mkdtemp(join(tmpdir(), "tracemill-bench-frames-"));
  try {
    const made = await timed(() => makeVideo(kind, ffmpeg, dir));
    console.log(
      `\n${kind} video: 600 s 1920x1080 30 fps, x264 ultrafast keyint 250 (generated in ${(made.ms / 1000).toFixed(1)} s)`,
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
    console.log(`${kind} speedup: ${(baseline.ms / onePass.ms).toFixed(2)}x (goal >= 5x)`);
    console.log(`one pass / decode-only: ${(onePass.ms / decode.ms).toFixed(2)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
