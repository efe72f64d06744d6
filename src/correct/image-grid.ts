/**
 * The frames of a correction window as one JPEG: `columns` per row, each cell labelled with its
 * step index, scaled so the grid stays within `maxWidth` pixels. Labels are drawn from a built-in
 * bitmap font so the image is the same on every machine, fonts installed or not.
 */
export interface GridFrame {
  step: number;
  path: string;
}

export interface ImageGridOptions {
  columns?: number;
  maxWidth?: number;
  quality?: number;
}

export interface ImageGrid {
  data: Buffer;
  mimeType: "image/jpeg";
  width: number;
  height: number;
  cellWidth: number;
  cellHeight: number;
  steps: number[];
}

export const defaultGridOptions = { columns: 3, maxWidth: 1536, quality: 80 } as const;

export async function buildImageGrid(
  frames: GridFrame[],
  options: ImageGridOptions = {},
): Promise<ImageGrid> {
  const first = frames[0];
  if (first === undefined) throw new RangeError("an image grid needs at least one frame");
  const columns = Math.min(options.columns ?? defaultGridOptions.columns, frames.length);
  const maxWidth = options.maxWidth ?? defaultGridOptions.maxWidth;
  const { default: sharp } = await import("sharp");
  const meta = await sharp(first.path).metadata();
  const sourceWidth = meta.autoOrient?.width ?? meta.width ?? 1;
  const sourceHeight = meta.autoOrient?.height ?? meta.height ?? 1;
  const cellWidth = Math.max(1, Math.min(sourceWidth, Math.floor(maxWidth / columns)));
  const cellHeight = Math.max(1, Math.round((cellWidth * sourceHeight) / sourceWidth));
  const rows = Math.ceil(frames.length / columns);
  const width = cellWidth * columns;
  const height = cellHeight * rows;

  const cells = await Promise.all(
    frames.map(async (frame, position) => {
      const image = await sharp(frame.path)
        .autoOrient()
        .resize(cellWidth, cellHeight, { fit: "contain", background: { r: 0, g: 0, b: 0 } })
        .removeAlpha()
        .toBuffer();
      const left = (position % columns) * cellWidth;
      const top = Math.floor(position / columns) * cellHeight;
      return [
        { input: image, left, top },
        { input: Buffer.from(labelSvg(String(frame.step), cellWidth)), left, top },
      ];
    }),
  );
  const data = await sharp({
    create: { width, height, channels: 3, background: { r: 0, g: 0, b: 0 } },
  })
    .composite(cells.flat())
    .jpeg({ quality: options.quality ?? defaultGridOptions.quality })
    .toBuffer();
  return {
    data,
    mimeType: "image/jpeg",
    width,
    height,
    cellWidth,
    cellHeight,
    steps: frames.map((frame) => frame.step),
  };
}

// 3×5 digit glyphs, one string per row, "#" = lit.
const glyphs: Record<string, string[]> = {
  "0": ["###", "#.#", "#.#", "#.#", "###"],
  "1": [".#.", "##.", ".#.", ".#.", "###"],
  "2": ["###", "..#", "###", "#..", "###"],
  "3": ["###", "..#", "###", "..#", "###"],
  "4": ["#.#", "#.#", "###", "..#", "..#"],
  "5": ["###", "#..", "###", "..#", "###"],
  "6": ["###", "#..", "###", "#.#", "###"],
  "7": ["###", "..#", "..#", "..#", "..#"],
  "8": ["###", "#.#", "###", "#.#", "###"],
  "9": ["###", "#.#", "###", "..#", "###"],
};

function labelSvg(text: string, cellWidth: number): string {
  // Pixel size grows with the cell so the label stays readable after low-detail downscaling.
  const pixel = Math.max(1, Math.min(6, Math.floor(cellWidth / 64)));
  const pad = pixel;
  const advance = 4 * pixel;
  const width = Math.min(cellWidth, text.length * advance + pad);
  const height = 5 * pixel + 2 * pad;
  const rects: string[] = [];
  [...text].forEach((character, position) => {
    const glyph = glyphs[character] ?? [];
    glyph.forEach((row, y) => {
      [...row].forEach((cell, x) => {
        if (cell === "#")
          rects.push(
            `<rect x="${pad + position * advance + x * pixel}" y="${pad + y * pixel}" width="${pixel}" height="${pixel}"/>`,
          );
      });
    });
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#000"/><g fill="#fff">${rects.join("")}</g></svg>`;
}
