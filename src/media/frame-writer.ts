import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sha256Hex } from "../core/hash.js";
import type { FrameRequest } from "./plan-frames.js";
import type { RgbFrame } from "./ppm-stream.js";

/**
 * Turns one decoded frame into the JPEGs of every request that selected it: resized to fit the
 * low-detail vision budget (never enlarged), plus an optional crop at full resolution around the
 * request's point, so small UI text near the action stays legible.
 */
export interface FrameWriteOptions {
  outDir: string;
  maxWidth: number;
  maxHeight: number;
  quality: number;
  crop: { width: number; height: number } | false;
}

export interface CropBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ExtractedFrame {
  key: string;
  /** Time of the frame actually returned (seconds from the video start). */
  t: number;
  /** Time that was asked for. */
  requestedT: number;
  path: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  /** The crop, in original video pixels; the image is at `cropPath`. */
  crop?: CropBox;
  cropPath?: string;
}

/** A crop of the wanted size centred on the point, shrunk to the frame and shifted inside it. */
export function cropBox(
  point: { x: number; y: number },
  size: { width: number; height: number },
  frame: { width: number; height: number },
): CropBox {
  const width = Math.max(1, Math.min(Math.round(size.width), frame.width));
  const height = Math.max(1, Math.min(Math.round(size.height), frame.height));
  const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max);
  return {
    x: clamp(Math.round(point.x - width / 2), frame.width - width),
    y: clamp(Math.round(point.y - height / 2), frame.height - height),
    width,
    height,
  };
}

export async function writeFrameImages(
  frame: RgbFrame,
  t: number,
  requests: FrameRequest[],
  options: FrameWriteOptions,
): Promise<ExtractedFrame[]> {
  const { default: sharp } = await import("sharp");
  const raw = { raw: { width: frame.width, height: frame.height, channels: 3 as const } };
  const { data, info } = await sharp(frame.pixels, raw)
    .resize({
      width: options.maxWidth,
      height: options.maxHeight,
      fit: "inside",
      withoutEnlargement: true,
    })
    .jpeg({ quality: options.quality })
    .toBuffer({ resolveWithObject: true });
  const sha256 = sha256Hex(data);
  const results: ExtractedFrame[] = [];
  for (const request of requests) {
    const path = join(options.outDir, `${request.key}.jpg`);
    await writeFile(path, data);
    const result: ExtractedFrame = {
      key: request.key,
      t,
      requestedT: request.t,
      path,
      width: info.width,
      height: info.height,
      bytes: data.length,
      sha256,
    };
    if (options.crop && request.point) {
      const box = cropBox(request.point, options.crop, frame);
      const cropPath = join(options.outDir, `${request.key}.crop.jpg`);
      const cropped = await sharp(frame.pixels, raw)
        .extract({ left: box.x, top: box.y, width: box.width, height: box.height })
        .jpeg({ quality: options.quality })
        .toBuffer();
      await writeFile(cropPath, cropped);
      result.crop = box;
      result.cropPath = cropPath;
    }
    results.push(result);
  }
  return results;
}
