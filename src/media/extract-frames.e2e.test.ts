import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../core/hash.js";
import { extractFrames, fitScaleFilter, type SpawnFunction } from "./extract-frames.js";
import type { FrameRequest } from "./plan-frames.js";
import { pointerAt } from "./pointer-frame.js";
import { findPointerDot, generatePointerVideo } from "./pointer-video.js";
import { findMediaTool } from "./tools.js";

const pointer = [
  { t: 0, x: 100, y: 100 },
  { t: 10, x: 1100, y: 700 },
  { t: 11, x: 1100, y: 700, pressed: true },
  { t: 20, x: 200, y: 650 },
  { t: 21, x: 1270, y: 10 },
];
let dir: string;
let ffmpeg: string;
let video: string;
let spawns = 0;
const countingSpawn: SpawnFunction = (command, args, options) => {
  spawns++;
  return spawn(command, args, options);
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracemill-extract-"));
  const tool = await findMediaTool("ffmpeg");
  if (!tool) throw new Error("ffmpeg not found");
  ffmpeg = tool.path;
  video = join(dir, "pointer.mp4");
  await generatePointerVideo({
    out: video,
    width: 1280,
    height: 800,
    fps: 10,
    durationS: 30,
    pointer,
    ffmpegPath: ffmpeg,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function dotIn(path: string) {
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  return { dot: findPointerDot(data, info.width, info.height, info.channels), info };
}

const request = (key: string, t: number, point?: { x: number; y: number }): FrameRequest => ({
  key,
  t,
  reason: "action",
  ...(point ? { point } : {}),
});

describe("extractFrames", () => {
  it("returns every requested frame, at the right time, from one ffmpeg process", async () => {
    const at = (t: number) => pointerAt(pointer, t);
    const requests = [
      request("step-0001", 0, at(0)),
      request("step-0002", 7.35, at(7.4)),
      request("step-0003", 15, at(15)),
      request("step-0004", 15),
      request("step-0005", 21, at(21)),
      request("idle-0025.0", 25),
    ];
    spawns = 0;
    const outDir = join(dir, "frames");
    const result = await extractFrames({
      video,
      requests,
      outDir,
      ffmpegPath: ffmpeg,
      maxWidth: 640,
      maxHeight: 640,
      crop: { width: 200, height: 160 },
      spawn: countingSpawn,
    });
    expect(spawns).toBe(1);
    expect(result.warnings).toEqual([]);
    expect(result.frames.map((frame) => [frame.key, frame.t])).toEqual([
      ["step-0001", 0],
      ["step-0002", 7.4],
      ["step-0003", 15],
      ["step-0004", 15],
      ["step-0005", 21],
      ["idle-0025.0", 25],
    ]);
    for (const frame of result.frames) {
      const bytes = await readFile(frame.path);
      expect(frame.path).toBe(join(outDir, `${frame.key}.jpg`));
      expect([frame.bytes, frame.sha256]).toEqual([bytes.length, sha256Hex(bytes)]);
      // Resized to fit 640x640 (half size), the dot sits at half the pointer position.
      const { dot, info } = await dotIn(frame.path);
      expect([info.width, info.height, frame.width, frame.height]).toEqual([640, 400, 640, 400]);
      const expected = at(frame.t);
      expect(dot?.pressed).toBe(expected.pressed);
      expect(Math.abs((dot?.x ?? -99) - expected.x / 2)).toBeLessThan(2);
      expect(Math.abs((dot?.y ?? -99) - expected.y / 2)).toBeLessThan(2);
      if (!frame.crop) continue;
      // The crop is full resolution; the dot is where the pointer is, relative to the crop.
      const crop = await dotIn(frame.cropPath as string);
      expect([crop.info.width, crop.info.height]).toEqual([200, 160]);
      expect(Math.abs((crop.dot?.x ?? -99) - (expected.x - frame.crop.x))).toBeLessThan(3);
      expect(Math.abs((crop.dot?.y ?? -99) - (expected.y - frame.crop.y))).toBeLessThan(3);
    }
    const byKey = new Map(result.frames.map((frame) => [frame.key, frame]));
    expect(byKey.get("step-0001")?.crop).toEqual({
      x: 100 - 100,
      y: 100 - 80,
      width: 200,
      height: 160,
    });
    // Near the top-right corner the crop is shifted inside the frame.
    expect(byKey.get("step-0005")?.crop).toEqual({ x: 1080, y: 0, width: 200, height: 160 });
    expect(byKey.get("step-0004")?.crop).toBeUndefined();
    expect(byKey.get("step-0004")?.sha256).toBe(byKey.get("step-0003")?.sha256);
  });

  it("without crops lets ffmpeg shrink the frames, with the pointer where it was, the last frame too", async () => {
    const at = (t: number) => pointerAt(pointer, t);
    let graph = "";
    const result = await extractFrames({
      video,
      requests: [request("step-0001", 10.5), request("step-0002", 40)],
      outDir: join(dir, "shrunk"),
      ffmpegPath: ffmpeg,
      maxWidth: 640,
      maxHeight: 640,
      spawn: (command, args, options) => {
        graph = readFileSync(args[args.indexOf("-filter_complex_script") + 1] as string, "utf8");
        return spawn(command, args, options);
      },
    });
    expect(result.frames.map((frame) => [frame.key, frame.t, frame.width, frame.height])).toEqual([
      ["step-0001", 10.5, 640, 400],
      ["step-0002", 29.9, 640, 400],
    ]);
    for (const frame of result.frames) {
      const { dot, info } = await dotIn(frame.path);
      expect([info.width, info.height]).toEqual([640, 400]);
      expect(Math.abs((dot?.x ?? -99) - at(frame.t).x / 2)).toBeLessThan(2);
      expect(Math.abs((dot?.y ?? -99) - at(frame.t).y / 2)).toBeLessThan(2);
    }
    // ffmpeg scaled both branches: nothing full size crossed the pipe.
    const scale = fitScaleFilter({ maxWidth: 640, maxHeight: 640 });
    expect(graph.split(scale)).toHaveLength(3);
  });

  it("gives a request past the end the last frame, with a warning", async () => {
    const result = await extractFrames({
      video,
      requests: [request("step-0001", 29.95), request("step-0002", 31)],
      outDir: join(dir, "end"),
      ffmpegPath: ffmpeg,
    });
    expect(result.frames.map((frame) => [frame.key, frame.t, frame.width])).toEqual([
      ["step-0001", 29.9, 1280],
      ["step-0002", 29.9, 1280],
    ]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ code: "frame_past_end", file: video });
    expect(result.warnings[0]?.message).toMatch(/step-0002 at 31\.000 s is past the end/);
  });

  it("returns no frames and a warning for a missing or corrupt video, without throwing", async () => {
    spawns = 0;
    const missing = await extractFrames({
      video: join(dir, "missing.mp4"),
      requests: [request("step-0001", 1)],
      outDir: join(dir, "missing"),
      ffmpegPath: ffmpeg,
      spawn: countingSpawn,
    });
    expect(missing.frames).toEqual([]);
    expect(missing.warnings.map((warning) => warning.code)).toEqual(["video_missing"]);
    expect(spawns).toBe(0);

    const corrupt = join(dir, "corrupt.mp4");
    await writeFile(corrupt, Buffer.alloc(8192, 3));
    const result = await extractFrames({
      video: corrupt,
      requests: [request("step-0001", 1)],
      outDir: join(dir, "corrupt"),
      ffmpegPath: ffmpeg,
    });
    expect(result.frames).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ code: "video_unreadable", file: corrupt });
    expect(result.warnings[0]?.message).toMatch(/invalid data/i);
  });

  it("stops ffmpeg and rejects when aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(
      extractFrames({
        video,
        requests: [request("step-0001", 1)],
        outDir: join(dir, "aborted"),
        ffmpegPath: ffmpeg,
        signal: controller.signal,
      }),
    ).rejects.toThrow("stop");
  });
});
