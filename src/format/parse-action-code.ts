import type { Overlay } from "./html-kit.js";

/**
 * Reads back the action calls of an sft.json assistant message (see action-code.ts) as shapes to
 * draw. Only the forms this project writes are recognised; anything else draws nothing.
 */

const num = String.raw`(-?\d+(?:\.\d+)?)`;
const pointCall = new RegExp(
  String.raw`^(click|right_click|middle_click|double_click|move_to)\(${num}, ${num}`,
);
const scrollCall = new RegExp(String.raw`^(scroll|hscroll)\(${num}(?:, x=${num}, y=${num})?`);
const pair = new RegExp(String.raw`\(${num}, ${num}\)`, "g");

/** The code inside the first ```python fence, or undefined when the message has none. */
export function pythonCode(content: string): string | undefined {
  const match = /^```python\n([\s\S]*?)\n```$/m.exec(content);
  return match?.[1];
}

export function parseActionCode(code: string): Overlay[] {
  const overlays: Overlay[] = [];
  for (const line of code.split("\n")) {
    const point = pointCall.exec(line);
    if (point) {
      overlays.push({
        kind: "point",
        x: Number(point[2]),
        y: Number(point[3]),
        double: point[1] === "double_click",
      });
      continue;
    }
    if (line.startsWith("drag([")) {
      const points = [...line.matchAll(pair)].map(
        (m) => [Number(m[1]), Number(m[2])] as [number, number],
      );
      if (points.length >= 2) overlays.push({ kind: "path", points });
      continue;
    }
    const scroll = scrollCall.exec(line);
    if (scroll) {
      const amount = Number(scroll[2]);
      const vertical = scroll[1] === "scroll";
      const direction = vertical ? (amount >= 0 ? "up" : "down") : amount >= 0 ? "right" : "left";
      const at =
        scroll[3] !== undefined && scroll[4] !== undefined
          ? { x: Number(scroll[3]), y: Number(scroll[4]) }
          : {};
      overlays.push({ kind: "scroll", direction, ...at });
    }
  }
  return overlays;
}
