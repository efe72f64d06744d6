import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { exampleSessions } from "../sources/robot/example-study.js";
import { buildImageGrid } from "./image-grid.js";

const bigFrame = fileURLToPath(
  new URL("../../test/fixtures/samples/robot/frames/frame_1982_0_101.jpg", import.meta.url),
);
const smallFrames = fileURLToPath(
  new URL(`../../examples/robot/study/videos_${exampleSessions.normal}`, import.meta.url),
);

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});

describe("buildImageGrid", () => {
  it("lays 1600×1100 frames out 3 wide within 1536 px", async () => {
    const frames = [41, 44, 47, 50, 53, 56, 59].map((step) => ({ step, path: bigFrame }));
    const grid = await buildImageGrid(frames);
    expect(grid).toMatchObject({
      width: 1536,
      height: 352 * 3,
      cellWidth: 512,
      cellHeight: 352,
      steps: [41, 44, 47, 50, 53, 56, 59],
    });
    const meta = await sharp(grid.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 1536, 1056]);
  });

  it("keeps small frames at their size and labels each cell with its step", async () => {
    const frames = [0, 3].map((step) => ({ step, path: join(smallFrames, `frame_0_${step}.png`) }));
    const grid = await buildImageGrid(frames);
    expect([grid.width, grid.height]).toEqual([128, 48]);
    const { data, info } = await sharp(grid.data).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => data[(y * info.width + x) * info.channels] ?? 0;
    // Label "3" in the second cell: its top-left glyph pixel is lit, the label's pad is dark.
    expect(pixel(64 + 1, 1)).toBeGreaterThan(180);
    expect(pixel(64, 0)).toBeLessThan(80);
    // The sky of the frame outside the label keeps its colour (blue channel high).
    expect(data[(2 * info.width + 40) * info.channels + 2] ?? 0).toBeGreaterThan(180);
  });

  it("fails clearly when a frame cannot be read", async () => {
    const directory = await mkdtemp(join(tmpdir(), "tracemill-grid-"));
    temporary.push(directory);
    await copyFile(bigFrame, join(directory, "ok.jpg"));
    await expect(
      buildImageGrid([
        { step: 1, path: join(directory, "ok.jpg") },
        { step: 2, path: join(directory, "missing.jpg") },
      ]),
    ).rejects.toThrow(/missing\.jpg/);
  });
});
