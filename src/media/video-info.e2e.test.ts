import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TracemillError } from "../core/errors.js";
import { generatePointerVideo } from "./pointer-video.js";
import { findMediaTool } from "./tools.js";
import { parseProbe, probeVideo } from "./video-info.js";

let dir: string;
let ffprobe: string;
let video: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracemill-probe-"));
  const ffmpeg = await findMediaTool("ffmpeg");
  const probe = await findMediaTool("ffprobe");
  if (!ffmpeg || !probe) throw new Error("ffmpeg/ffprobe not found");
  ffprobe = probe.path;
  video = join(dir, "pointer.mp4");
  await generatePointerVideo({
    out: video,
    width: 320,
    height: 200,
    fps: 10,
    durationS: 3,
    pointer: [{ t: 0, x: 10, y: 10 }],
    ffmpegPath: ffmpeg.path,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("probeVideo", () => {
  it("reads duration, size, frame rate and codec", async () => {
    const info = await probeVideo(video, ffprobe);
    expect(info).toMatchObject({ width: 320, height: 200, fps: 10, codec: "h264" });
    expect(info.durationS).toBeCloseTo(3, 1);
  });

  it("names the file and ffprobe's message for an unreadable file", async () => {
    const corrupt = join(dir, "corrupt.mp4");
    await writeFile(corrupt, Buffer.alloc(4096, 7));
    const error = await probeVideo(corrupt, ffprobe).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TracemillError);
    expect((error as TracemillError).code).toBe("input_invalid");
    expect((error as TracemillError).message).toContain(corrupt);
    expect((error as TracemillError).message).toMatch(/invalid data/i);
    const missing = await probeVideo(join(dir, "nope.mp4"), ffprobe).catch(
      (caught: unknown) => caught,
    );
    expect((missing as TracemillError).code).toBe("input_invalid");
    expect((missing as TracemillError).message).toMatch(/nope\.mp4.*No such file/);
  });

  it("parses NTSC rates and refuses a file without a video stream", () => {
    const info = parseProbe("a.mp4", {
      streams: [
        {
          codec_name: "h264",
          width: 2880,
          height: 1800,
          avg_frame_rate: "30000/1001",
          duration: "12.5",
        },
      ],
    });
    expect(info.fps).toBeCloseTo(29.97, 2);
    expect(() => parseProbe("a.m4a", { streams: [], format: { duration: "3" } })).toThrow(
      /a\.m4a: no video stream/,
    );
  });
});
