/**
 * The desktop screen in physical pixels and its scale (physical pixels per logical point). The
 * input log is in logical points and the video in physical pixels, so every action coordinate is
 * multiplied by this scale; getting it wrong puts every click and crop in the wrong place.
 */
export interface DesktopScreen {
  screen?: { width: number; height: number; scale: number };
  scale: number;
  scaleSource: "meta" | "axtree" | "macos-default" | "default";
}

export interface DesktopScreenInput {
  monitor?: { width: number; height: number };
  scaleFactor?: number;
  /** Widest root bbox of an accessibility tree, in logical points. */
  logicalWidth?: number;
  platform?: string;
}

const commonScales = [1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 4];

export function inferDesktopScreen(input: DesktopScreenInput): DesktopScreen {
  const { scale, scaleSource } = chooseScale(input);
  return input.monitor === undefined
    ? { scale, scaleSource }
    : { screen: { ...input.monitor, scale }, scale, scaleSource };
}

function chooseScale(input: DesktopScreenInput): Pick<DesktopScreen, "scale" | "scaleSource"> {
  if (input.scaleFactor !== undefined) return { scale: input.scaleFactor, scaleSource: "meta" };
  const width = input.monitor?.width;
  if (width !== undefined && input.logicalWidth !== undefined && input.logicalWidth > 0) {
    // A root bbox is usually the full-width window; a narrower one would give a nonsense ratio,
    // so only ratios close to a real display scale are believed.
    const ratio = width / input.logicalWidth;
    const near = commonScales.find((candidate) => Math.abs(ratio - candidate) / candidate <= 0.03);
    if (near !== undefined) return { scale: near, scaleSource: "axtree" };
  }
  if (isMacos(input.platform) && width !== undefined && width >= 2560) {
    return { scale: 2, scaleSource: "macos-default" };
  }
  return { scale: 1, scaleSource: "default" };
}

export function isMacos(platform: string | undefined): boolean {
  const name = platform?.toLowerCase() ?? "";
  return name === "macos" || name === "darwin" || name === "mac" || name === "osx";
}

/**
 * The widest bbox among an accessibility tree's roots and their direct children (the recorder
 * wraps the window in a zero-size root). bbox is `[x1, y1, x2, y2]` or `{ x, y, width, height }`.
 */
export function axtreeLogicalWidth(tree: unknown): number | undefined {
  let widest: number | undefined;
  const consider = (node: unknown) => {
    const width = bboxWidth((node as { bbox?: unknown } | null)?.bbox);
    if (width !== undefined && width > 0 && (widest === undefined || width > widest))
      widest = width;
  };
  for (const root of asList(tree)) {
    consider(root);
    for (const child of asList((root as { children?: unknown } | null)?.children)) consider(child);
  }
  return widest;
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return typeof value === "object" && value !== null ? [value] : [];
}

function bboxWidth(bbox: unknown): number | undefined {
  if (Array.isArray(bbox) && bbox.length === 4 && bbox.every((n) => typeof n === "number")) {
    const [x1, , x2] = bbox as number[];
    return (x2 as number) >= (x1 as number) ? (x2 as number) - (x1 as number) : (x2 as number);
  }
  const width = (bbox as { width?: unknown } | null)?.width;
  return typeof width === "number" && Number.isFinite(width) ? width : undefined;
}
