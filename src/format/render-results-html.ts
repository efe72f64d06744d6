import type { Trace } from "../core/trace.js";
import { escapeHtml, formatClock, htmlPage, type Overlay, screenshotFigure } from "./html-kit.js";
import { imageSizeOfBase64 } from "./image-size.js";
import { imageMapper, type PointMapper } from "./image-space.js";
import type { ResultsEvent } from "./results-schema.js";
import { screenOf, sessionIdOf, traceDurationS } from "./session-facts.js";

/** Frame path → base64 image data (the shell reads the files). */
export type ImageMap = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

export function imageFrom(images: ImageMap, path: string): string | undefined {
  if (images instanceof Map) return images.get(path);
  return Object.hasOwn(images, path) ? (images as Record<string, string>)[path] : undefined;
}

type Point = [number, number];

function isPoint(value: unknown): value is Point {
  return Array.isArray(value) && typeof value[0] === "number" && typeof value[1] === "number";
}

/** One line saying what happened, in physical pixels (logical points beside them). */
export function describeEvent(e: ResultsEvent): string {
  const at = e.x !== undefined && e.y !== undefined ? ` at ${e.x}, ${e.y}` : "";
  const logical = e.logical ? ` (logical ${e.logical.x}, ${e.logical.y})` : "";
  const path = Array.isArray(e.path) ? e.path.filter(isPoint) : [];
  switch (e.type) {
    case "click":
    case "double_click":
      return `${e.type} (${e.button ?? "left"})${at}${logical}`;
    case "move":
      return `move${at}${logical}`;
    case "drag": {
      const first = path[0];
      const last = path[path.length - 1];
      const ends = first && last ? ` from ${first[0]}, ${first[1]} to ${last[0]}, ${last[1]}` : "";
      return `drag (${e.button ?? "left"})${ends}, ${path.length} points${logical}`;
    }
    case "scroll":
      return `scroll dy=${e.dy ?? 0} dx=${e.dx ?? 0}${at}${logical}`;
    case "type":
      return `type ${JSON.stringify(e.text ?? "")}`;
    case "key":
      return `key ${(e.keys ?? []).join("+")}`;
    case "focus":
      return `focus ${e.app ?? "?"}${e.title ? ` — ${e.title}` : ""}`;
    case "message":
      return e.text ?? "";
    default:
      if (e.signal) return `${e.signal.name} = ${e.signal.value}${e.text ? ` — ${e.text}` : ""}`;
      if (e.text !== undefined) return e.text;
      return e.frame ? "screenshot" : e.type;
  }
}

/** The action's shapes in the image's pixel space. */
export function eventOverlays(e: ResultsEvent, map: PointMapper): Overlay[] {
  // A point on another monitor has no place on the recorded screen's frame.
  if (e.outsideRecording === true) return [];
  const path = Array.isArray(e.path) ? e.path.filter(isPoint) : [];
  if (e.type === "drag" && path.length >= 2) {
    return [{ kind: "path", points: path.map(([x, y]) => map(x, y)) }];
  }
  if (e.x === undefined || e.y === undefined) return [];
  const [x, y] = map(e.x, e.y);
  if (e.type === "scroll") {
    const dx = e.dx ?? 0;
    const dy = e.dy ?? 0;
    const direction =
      Math.abs(dy) >= Math.abs(dx) ? (dy <= 0 ? "up" : "down") : dx < 0 ? "left" : "right";
    return [{ kind: "scroll", x, y, direction }];
  }
  if (e.type === "click" || e.type === "double_click" || e.type === "move") {
    return [{ kind: "point", x, y, double: e.type === "double_click" }];
  }
  return [];
}

function countBy(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([k, c]) => `${k} ${c}`).join(", ") || "none";
}

/**
 * results.html: the session's facts, then every event on a timeline with its screenshot (when
 * the frame's image was given) and the action drawn where it happened.
 */
export function renderResultsHtml(trace: Trace, results: ResultsEvent[], images: ImageMap): string {
  const screen = screenOf(trace);
  const actions = results.filter((e) => e.kind === "action");
  const signals = results
    .filter((e) => e.signal)
    .map((e) => `${e.signal?.name}=${e.signal?.value}`);
  const title = trace.task?.title ?? `Session ${sessionIdOf(trace)}`;
  const facts: [string, string][] = [
    ["Session", sessionIdOf(trace)],
    ["Source", trace.source.format],
    ["Duration", formatClock(traceDurationS(trace))],
    ["Events", String(results.length)],
    ["Actions", `${actions.length} (${countBy(actions.map((e) => e.type))})`],
    ["Messages", String(results.filter((e) => e.kind === "message").length)],
    ["Frames", String(results.filter((e) => e.frame).length)],
  ];
  if (screen) facts.push(["Screen", `${screen.width}×${screen.height} px, scale ${screen.scale}`]);
  if (trace.task?.objectives?.length) facts.push(["Objectives", trace.task.objectives.join(" · ")]);
  if (signals.length > 0) facts.push(["Signals", signals.join(", ")]);
  const items = results.map((e) => {
    const classes = [`kind-${e.kind}`, e.signal ? "signal" : ""].filter(Boolean).join(" ");
    const text = describeEvent(e);
    let figure = "";
    if (e.frame) {
      const data = imageFrom(images, e.frame.path);
      if (data === undefined) {
        figure = `<p class="missing">frame ${escapeHtml(e.frame.path)} not available</p>`;
      } else {
        const size =
          e.frame.width !== undefined && e.frame.height !== undefined
            ? { width: e.frame.width, height: e.frame.height }
            : imageSizeOfBase64(data);
        const map = imageMapper(
          size ? { kind: "image", path: e.frame.path, ...size, crop: e.frame.crop } : undefined,
          screen,
        );
        figure = screenshotFigure(
          data,
          size,
          size ? eventOverlays(e, map) : [],
          `${e.frame.path}: ${text}`,
        );
      }
    }
    return (
      `<li class="${classes}"><span class="when">${formatClock(e.t)}</span>` +
      `<span class="who">${escapeHtml(e.actor)} · ${escapeHtml(e.type)}</span>` +
      `<pre>${escapeHtml(text)}</pre>${figure}</li>`
    );
  });
  return htmlPage(title, facts, `<ol class="timeline">${items.join("\n")}</ol>`);
}
