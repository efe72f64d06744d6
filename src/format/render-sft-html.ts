import { escapeHtml, formatClock, htmlPage, type Overlay, screenshotFigure } from "./html-kit.js";
import { imageSizeOfBase64 } from "./image-size.js";
import { parseActionCode, pythonCode } from "./parse-action-code.js";
import type { SftMessage } from "./sft-message.js";

export interface SftHtmlMeta {
  title?: string;
  sessionId?: string;
  /** Defaults to the span of the message timestamps. */
  durationS?: number;
  /** The space the sft.json coordinates are in (traceToSft's option). Default "frame". */
  coordinateSpace?: "frame" | "screen";
  /** Physical screen size; needed to draw "screen"-space coordinates on a resized image. */
  screen?: { width: number; height: number };
}

function scaled(overlays: Overlay[], sx: number, sy: number): Overlay[] {
  return overlays.map((o) => {
    if (o.kind === "point") return { ...o, x: o.x * sx, y: o.y * sy };
    if (o.kind === "path")
      return { kind: "path", points: o.points.map(([x, y]) => [x * sx, y * sy]) };
    return o.x !== undefined && o.y !== undefined ? { ...o, x: o.x * sx, y: o.y * sy } : o;
  });
}

/**
 * sft.html: the messages as a chat timeline. A screenshot followed by an action message shows
 * that action drawn on it (the coordinates are read back from the ```python block).
 */
export function renderSftHtml(sft: SftMessage[], meta: SftHtmlMeta = {}): string {
  const first = sft[0]?.timestamp ?? 0;
  const last = sft[sft.length - 1]?.timestamp ?? first;
  const images = sft.filter((m) => typeof m.content !== "string").length;
  const actions = sft.filter(
    (m) =>
      m.role === "assistant" &&
      typeof m.content === "string" &&
      pythonCode(m.content) !== undefined,
  ).length;
  const facts: [string, string][] = [];
  if (meta.sessionId !== undefined) facts.push(["Session", meta.sessionId]);
  facts.push(
    ["Duration", formatClock(meta.durationS ?? (last - first) / 1000)],
    ["Messages", String(sft.length)],
    [
      "User / assistant",
      `${sft.filter((m) => m.role === "user").length} / ${sft.filter((m) => m.role === "assistant").length}`,
    ],
    ["Images", String(images)],
    ["Actions", String(actions)],
    ["Coordinates", meta.coordinateSpace === "screen" ? "screen pixels" : "screenshot pixels"],
  );
  const items = sft.map((message, i) => {
    const when = `<span class="when">${formatClock((message.timestamp - first) / 1000)}</span>`;
    const who = `<span class="who">${escapeHtml(message.role)}</span>`;
    let body: string;
    if (typeof message.content === "string") {
      body = `<pre>${escapeHtml(message.content)}</pre>`;
    } else {
      const data = message.content.data;
      const size = imageSizeOfBase64(data);
      const next = sft[i + 1];
      const code =
        next?.role === "assistant" && typeof next.content === "string"
          ? pythonCode(next.content)
          : undefined;
      let overlays = code === undefined ? [] : parseActionCode(code);
      if (size && meta.coordinateSpace === "screen" && meta.screen) {
        overlays = scaled(
          overlays,
          size.width / meta.screen.width,
          size.height / meta.screen.height,
        );
      }
      const caption = code === undefined ? "screenshot" : `screenshot before: ${code}`;
      body = screenshotFigure(data, size, overlays, caption);
    }
    return `<li class="role-${escapeHtml(message.role)}">${when}${who}${body}</li>`;
  });
  const title =
    meta.title ?? (meta.sessionId !== undefined ? `Session ${meta.sessionId}` : "SFT messages");
  return htmlPage(title, facts, `<ol class="timeline">${items.join("\n")}</ol>`);
}
