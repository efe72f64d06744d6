/**
 * Pure drawing for generated pointer videos: one yuv420p frame (the encoder's own pixel format,
 * so ffmpeg converts nothing and half as many bytes cross the pipe as RGB) with a faint 100 px
 * grid, a filled dot plus crosshair at the pointer (red, green while pressed) and the frame
 * number and time drawn with a small built-in digit font.
 */
export interface PointerSample {
  t: number;
  x: number;
  y: number;
  pressed?: boolean;
}

/** Pointer position at time t: linear between samples, held before the first and after the last. */
export function pointerAt(
  samples: PointerSample[],
  t: number,
): { x: number; y: number; pressed: boolean } {
  const first = samples[0];
  if (!first) return { x: 0, y: 0, pressed: false };
  if (t <= first.t) return { x: first.x, y: first.y, pressed: first.pressed ?? false };
  for (let index = 1; index < samples.length; index++) {
    const next = samples[index] as PointerSample;
    if (t < next.t) {
      const previous = samples[index - 1] as PointerSample;
      const span = next.t - previous.t;
      const f = span > 0 ? (t - previous.t) / span : 1;
      return {
        x: previous.x + (next.x - previous.x) * f,
        y: previous.y + (next.y - previous.y) * f,
        pressed: previous.pressed ?? false,
      };
    }
  }
  const last = samples[samples.length - 1] as PointerSample;
  return { x: last.x, y: last.y, pressed: last.pressed ?? false };
}

/** BT.601 limited-range YUV for an RGB colour (what decoders invert by default). */
function yuv(r: number, g: number, b: number): [number, number, number] {
  return [
    Math.round(16 + 0.257 * r + 0.504 * g + 0.098 * b),
    Math.round(128 - 0.148 * r - 0.291 * g + 0.439 * b),
    Math.round(128 + 0.439 * r - 0.368 * g - 0.071 * b),
  ];
}

export const pointerColours = { released: [230, 30, 30], pressed: [30, 200, 30] } as const;
const background = yuv(40, 44, 52);
const grid = yuv(70, 76, 88);
const text = yuv(240, 240, 240);

// 3x5 digits, rows top to bottom, bit 2 = left column.
const digits: Record<string, number[]> = {
  "0": [7, 5, 5, 5, 7],
  "1": [2, 6, 2, 2, 7],
  "2": [7, 1, 7, 4, 7],
  "3": [7, 1, 7, 1, 7],
  "4": [5, 5, 7, 1, 1],
  "5": [7, 4, 7, 1, 7],
  "6": [7, 4, 7, 5, 7],
  "7": [7, 1, 2, 2, 2],
  "8": [7, 5, 7, 5, 7],
  "9": [7, 5, 7, 1, 7],
  ".": [0, 0, 0, 0, 2],
  " ": [0, 0, 0, 0, 0],
};

export function drawPointerFrame(
  frame: Buffer,
  width: number,
  height: number,
  frameNumber: number,
  t: number,
  pointer: { x: number; y: number; pressed: boolean },
): void {
  const lumaSize = width * height;
  const chromaWidth = width >> 1;
  const chromaSize = chromaWidth * (height >> 1);
  frame.fill(background[0], 0, lumaSize);
  frame.fill(background[1], lumaSize, lumaSize + chromaSize);
  frame.fill(background[2], lumaSize + chromaSize, lumaSize + 2 * chromaSize);
  const set = (x: number, y: number, colour: readonly [number, number, number]) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    frame[y * width + x] = colour[0];
    const chroma = (y >> 1) * chromaWidth + (x >> 1);
    frame[lumaSize + chroma] = colour[1];
    frame[lumaSize + chromaSize + chroma] = colour[2];
  };
  for (let y = 0; y < height; y += 100) for (let x = 0; x < width; x++) set(x, y, grid);
  for (let x = 0; x < width; x += 100) for (let y = 0; y < height; y++) set(x, y, grid);

  const label = `${String(frameNumber).padStart(6, "0")} ${t.toFixed(2).padStart(7, "0")}`;
  const scale = Math.max(2, Math.round(height / 200));
  for (let index = 0; index < label.length; index++) {
    const rows = digits[label[index] as string] ?? digits[" "];
    rows?.forEach((bits, row) => {
      for (let column = 0; column < 3; column++) {
        if (!(bits & (4 >> column))) continue;
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++)
            set(8 + (index * 4 + column) * scale + dx, 8 + row * scale + dy, text);
      }
    });
  }

  const [r, g, b] = pointer.pressed ? pointerColours.pressed : pointerColours.released;
  const colour = yuv(r, g, b);
  const radius = Math.max(4, Math.round(Math.min(width, height) / 100));
  const cx = Math.round(pointer.x);
  const cy = Math.round(pointer.y);
  for (let dy = -radius; dy <= radius; dy++)
    for (let dx = -radius; dx <= radius; dx++)
      if (dx * dx + dy * dy <= radius * radius) set(cx + dx, cy + dy, colour);
  // A symmetric crosshair keeps the colour centroid on the pointer.
  for (let d = radius + 2; d <= radius * 3; d++) {
    set(cx + d, cy, colour);
    set(cx - d, cy, colour);
    set(cx, cy + d, colour);
    set(cx, cy - d, colour);
  }
}
