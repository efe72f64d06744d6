import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../core/hash.js";
import { pointerAt } from "./pointer-frame.js";
import { generatePointerVideo } from "./pointer-video.js";
import { findMediaTool } from "./tools.js";

let dir: string;
let ffmpeg: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracemill-pointer-"));
  const tool = await findMediaTool("ffmpeg");
  if (!tool) throw new Error("ffmpeg not found");
  ffmpeg = tool.path;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("pointerAt", () => {
  const samples = [
    { t: 1, x: 0, y: 0 },
    { t: 3, x: 100, y: 50, pressed: true },
    { t: 4, x: 100, y: 50 },
  ];
  it("interpolates between samples and holds outside them", () => {
    expect(pointerAt(samples, 0)).toEqual({ x: 0, y: 0, pressed: false });
    expect(pointerAt(samples, 2)).toEqual({ x: 50, y: 25, pressed: false });
    expect(pointerAt(samples, 3.5)).toEqual({ x: 100, y: 50, pressed: true });
    expect(pointerAt(samples, 9)).toEqual({ x: 100, y: 50, pressed: false });
  });
});

describe("generatePointerVideo", () => {
  it("is deterministic", async () => {
    const options = {
      width: 320,
      height: 200,
      fps: 10,
      durationS: 2,
      pointer: [
        { t: 0, x: 20, y: 20 },
        { t: 2, x: 300, y: 180, pressed: true },
      ],
      ffmpegPath: ffmpeg,
    };
    await generatePointerVideo({ ...options, out: join(dir, "a.mp4") });
    await generatePointerVideo({ ...options, out: join(dir, "b.mp4") });
    const [a, b] = await Promise.all([readFile(join(dir, "a.mp4")), readFile(join(dir, "b.mp4"))]);
    expect(a.length).toBeGreaterThan(1000);
    expect(sha256Hex(a)).toBe(sha256Hex(b));
  });

  it("refuses sizes yuv420p cannot hold", async () => {
    await expect(
      generatePointerVideo({
        out: join(dir, "c.mp4"),
        width: 321,
        height: 200,
        fps: 10,
        durationS: 1,
        pointer: [],
        ffmpegPath: ffmpeg,
      }),
    ).rejects.toMatchObject({ code: "input_invalid" });
  });
});
