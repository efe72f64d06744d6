import { type ChildProcess, spawn as nodeSpawn, type SpawnOptions } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FfmpegLog } from "./ffmpeg-log.js";
import {
  buildSelectExpression,
  selectionThreshold,
  selectionThresholds,
  takeThresholds,
} from "./frame-selection.js";
import { type ExtractedFrame, writeFrameImages } from "./frame-writer.js";
import type { FrameRequest } from "./plan-frames.js";
import { PpmStreamParser, type RgbFrame } from "./ppm-stream.js";

/**
 * Every requested frame of one video from ONE ffmpeg process: a full decode through a `select`
 * filter (see frame-selection.ts), selected frames shrunk by ffmpeg (unless crops need full
 * resolution), piped out as PPM and encoded by sharp while ffmpeg keeps decoding. Why a full decode and not seeking: the plan asks for a frame at least
 * every second, and screen recorders use long GOPs (the real desktop recorder: x264 ultrafast,
 * keyint 250, no scenecut), so nearly every GOP must be decoded to its end anyway; seeking per
 * frame (concat `inpoint`, one process per frame) re-decodes from the keyframe for every request
 * (measured in bench/screen-frames.ts). A second input opened with `-sseof -1` keeps the video's
 * last frame (`-update 1`) for requests past the end, without knowing the duration in advance.
 */
export type SpawnFunction = (
  command: string,
  args: readonly string[],
  options: SpawnOptions,
) => ChildProcess;

export interface ExtractFramesOptions {
  video: string;
  requests: FrameRequest[];
  outDir: string;
  ffmpegPath: string;
  maxWidth?: number;
  maxHeight?: number;
  quality?: number;
  crop?: { width: number; height: number } | false;
  signal?: AbortSignal;
  /** Injected for tests and benchmarks (count or observe processes). */
  spawn?: SpawnFunction;
}

export interface MediaWarning {
  code: string;
  message: string;
  file: string;
}

export interface ExtractFramesResult {
  frames: ExtractedFrame[];
  warnings: MediaWarning[];
}

const inFlightLimit = 2;

/**
 * An ffmpeg `scale` that fits a frame inside max width × height, keeping its aspect ratio and never
 * enlarging it: what sharp's resize does in frame-writer.ts, done before the RGB conversion.
 */
export function fitScaleFilter(size: { maxWidth: number; maxHeight: number }): string {
  return (
    `scale=w='min(iw,${size.maxWidth})':h='min(ih,${size.maxHeight})'` +
    ":force_original_aspect_ratio=decrease:flags=bicubic"
  );
}

export async function extractFrames(options: ExtractFramesOptions): Promise<ExtractFramesResult> {
  const { video, requests } = options;
  const warnings: MediaWarning[] = [];
  const warn = (code: string, message: string) => warnings.push({ code, message, file: video });
  if (requests.length === 0) return { frames: [], warnings };
  try {
    if (!(await stat(video)).isFile()) throw new Error("not a file");
  } catch {
    warn("video_missing", `video ${video} is missing; the session is processed without frames`);
    return { frames: [], warnings };
  }
  await mkdir(options.outDir, { recursive: true });
  const writeOptions = {
    outDir: options.outDir,
    maxWidth: options.maxWidth ?? 1280,
    maxHeight: options.maxHeight ?? 800,
    quality: options.quality ?? 80,
    crop: options.crop ?? false,
  };
  const thresholds = selectionThresholds(requests.map((request) => request.t));
  const byThreshold = new Map<number, FrameRequest[]>();
  for (const request of requests) {
    const key = selectionThreshold(request.t);
    byThreshold.set(key, [...(byThreshold.get(key) ?? []), request]);
  }
  const requestsFor = (from: number, count: number) =>
    thresholds.slice(from, from + count).flatMap((value) => byThreshold.get(value) ?? []);

  const temp = await mkdtemp(join(tmpdir(), "tracemill-frames-"));
  try {
    const script = join(temp, "select.filtergraph");
    const lastPath = join(temp, "last.ppm");
    // Without crops nothing needs full resolution: ffmpeg shrinks the selected frames before they
    // are converted to RGB and piped (2.7 MB instead of 6.2 MB a 1080p frame), and sharp only
    // encodes. Crops are cut from full-resolution pixels, so then sharp shrinks.
    const shrink = writeOptions.crop === false ? [fitScaleFilter(writeOptions)] : [];
    const select = `select='${buildSelectExpression(thresholds)}'`;
    await writeFile(
      script,
      `[0:v]${[select, ...shrink, "showinfo@sel"].join(",")}[sel];` +
        `[1:v]${[...shrink, "showinfo@last"].join(",")}[last]`,
    );
    let next = 0;
    const run = await runFfmpeg(options, video, script, lastPath, {
      // Called in frame order: the thresholds a frame takes depend on the frames before it.
      assign: (t) => {
        const count = takeThresholds(thresholds, next, t);
        next += count;
        return requestsFor(next - count, count);
      },
      write: (frame, t, assigned) => writeFrameImages(frame, t, assigned, writeOptions),
    });
    const frames = run.frames;
    if (run.failure)
      warn("video_unreadable", `video ${video} could not be decoded: ${run.failure}`);
    if (next < thresholds.length && !run.failure) {
      const last = await lastFrame(lastPath, run);
      const rest = requestsFor(next, thresholds.length - next);
      if (!last) {
        for (const request of rest) warn("frame_missing", `no frame for ${request.key}`);
      } else {
        const end = run.durationS ?? last.t;
        for (const request of rest.filter((item) => item.t > end)) {
          warn(
            "frame_past_end",
            `${request.key} at ${request.t.toFixed(3)} s is past the end of the video ` +
              `(${end.toFixed(3)} s); using the last frame (${last.t.toFixed(3)} s)`,
          );
        }
        frames.push(...(await writeFrameImages(last.frame, last.t, rest, writeOptions)));
      }
    }
    frames.sort((a, b) => a.requestedT - b.requestedT || (a.key < b.key ? -1 : 1));
    return { frames, warnings };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

interface FfmpegRun {
  frames: ExtractedFrame[];
  failure: string | undefined;
  durationS: number | undefined;
  lastMain: { frame: RgbFrame; t: number } | undefined;
  lastBranchT: number | undefined;
}

async function runFfmpeg(
  options: ExtractFramesOptions,
  video: string,
  script: string,
  lastPath: string,
  handlers: {
    assign: (t: number) => FrameRequest[];
    write: (frame: RgbFrame, t: number, requests: FrameRequest[]) => Promise<ExtractedFrame[]>;
  },
): Promise<FfmpegRun> {
  // biome-ignore format: one ffmpeg invocation, easier to read as option/value pairs
  const args = [
    "-hide_banner", "-nostats", "-loglevel", "info", "-y",
    "-i", video,
    "-sseof", "-1", "-i", video,
    "-filter_complex_script", script,
    "-vsync", "0",
    "-map", "[sel]", "-f", "image2pipe", "-c:v", "ppm", "pipe:1",
    "-map", "[last]", "-f", "image2", "-update", "1", "-c:v", "ppm", lastPath,
  ];
  const spawn = options.spawn ?? (nodeSpawn as SpawnFunction);
  const child = spawn(options.ffmpegPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const selTimes: number[] = [];
  const waiters = new Map<number, (t: number | undefined) => void>();
  const run: FfmpegRun = {
    frames: [],
    failure: undefined,
    durationS: undefined,
    lastMain: undefined,
    lastBranchT: undefined,
  };
  const log = new FfmpegLog((frame) => {
    if (frame.filter === "last") run.lastBranchT = frame.t;
    if (frame.filter !== "sel") return;
    selTimes[frame.n] = frame.t;
    waiters.get(frame.n)?.(frame.t);
    waiters.delete(frame.n);
  });
  // The showinfo line is logged before the frame is written, but the two pipes are read
  // independently, so a frame may arrive first: wait for its time.
  const timeOf = (n: number) =>
    selTimes[n] !== undefined
      ? Promise.resolve(selTimes[n])
      : new Promise<number | undefined>((resolve) => waiters.set(n, resolve));
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => log.push(chunk));
  const closed = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once("error", (error) => resolve({ code: null, error }));
    child.once("close", (code) => resolve({ code }));
  });

  const parser = new PpmStreamParser();
  const inFlight = new Set<Promise<void>>();
  let frameNumber = 0;
  let processingError: unknown;
  let previous: Promise<unknown> = Promise.resolve();
  const schedule = (frame: RgbFrame, n: number) => {
    const assigned = previous.then(async () => {
      const t = await timeOf(n);
      if (t === undefined) return undefined;
      run.lastMain = { frame, t };
      return { t, requests: handlers.assign(t) };
    });
    previous = assigned.catch(() => undefined);
    const job = assigned
      .then(async (found) => {
        if (found && found.requests.length > 0) {
          run.frames.push(...(await handlers.write(frame, found.t, found.requests)));
        }
      })
      .catch((error: unknown) => {
        processingError ??= error;
      })
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
  };
  try {
    for await (const chunk of child.stdout ?? []) {
      for (const frame of parser.push(chunk as Buffer)) {
        schedule(frame, frameNumber++);
        while (inFlight.size >= inFlightLimit) await Promise.race(inFlight);
      }
    }
  } catch (error) {
    run.failure = error instanceof Error ? error.message : String(error);
  }
  const exit = await closed;
  log.end();
  for (const resolve of waiters.values()) resolve(undefined);
  await Promise.all(inFlight);
  if (options.signal?.aborted) throw options.signal.reason ?? exit.error;
  if (processingError) throw processingError;
  if (exit.error) run.failure = exit.error.message;
  else if (exit.code !== 0) run.failure = log.tail() || `ffmpeg exited with code ${exit.code}`;
  run.durationS = log.durationS;
  return run;
}

/** The video's last frame: the `-sseof` branch's final image, else the last selected frame. */
async function lastFrame(
  lastPath: string,
  run: FfmpegRun,
): Promise<{ frame: RgbFrame; t: number } | undefined> {
  try {
    const frames = new PpmStreamParser().push(await readFile(lastPath));
    const frame = frames[frames.length - 1];
    if (frame && run.lastBranchT !== undefined) {
      // The -sseof input's timestamps start at 0 from (duration - 1 s).
      const offset = Math.max(0, (run.durationS ?? 1) - 1);
      const t = offset + run.lastBranchT;
      if (!run.lastMain || t >= run.lastMain.t) return { frame, t };
    }
  } catch {
    // no frame in the last second (a variable-frame-rate recording that was idle at the end)
  }
  return run.lastMain;
}
