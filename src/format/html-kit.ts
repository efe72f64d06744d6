/**
 * Pieces shared by the two HTML previews. The pages are self-contained: inline CSS, images as
 * data: URIs, no script and no external URL, so a preview can be mailed or archived as one file.
 * Every piece of recorded text goes through escapeHtml; image data is checked to be base64 before
 * it is put in an attribute.
 */

export type Overlay =
  | { kind: "point"; x: number; y: number; double?: boolean }
  | { kind: "path"; points: [number, number][] }
  | { kind: "scroll"; x?: number; y?: number; direction: "up" | "down" | "left" | "right" };

const htmlEscapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

export function isBase64(data: string): boolean {
  return data.length > 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(data);
}

export function imageDataUri(base64: string): string {
  const type = base64.startsWith("iVBOR") ? "image/png" : "image/jpeg";
  return `data:${type};base64,${base64}`;
}

/** Seconds as m:ss.s (h:mm:ss.s past an hour). */
export function formatClock(seconds: number): string {
  const s = Math.max(0, seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = (s % 60).toFixed(1).padStart(4, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function arrow(x: number, y: number, direction: string, len: number): string {
  const [dx, dy] =
    direction === "up"
      ? [0, -1]
      : direction === "down"
        ? [0, 1]
        : direction === "left"
          ? [-1, 0]
          : [1, 0];
  const tipX = x + dx * len;
  const tipY = y + dy * len;
  const head = len / 3;
  // The two barbs: back from the tip, spread across the shaft.
  const b1 = [tipX - dx * head - dy * head * 0.6, tipY - dy * head - dx * head * 0.6];
  const b2 = [tipX - dx * head + dy * head * 0.6, tipY - dy * head + dx * head * 0.6];
  return (
    `<line class="mark" x1="${n(x)}" y1="${n(y)}" x2="${n(tipX)}" y2="${n(tipY)}"/>` +
    `<polygon class="fill" points="${n(tipX)},${n(tipY)} ${n(b1[0] as number)},${n(b1[1] as number)} ${n(b2[0] as number)},${n(b2[1] as number)}"/>`
  );
}

/** An SVG layer in the image's own pixel space, stretched over it. */
export function overlaySvg(overlays: Overlay[], width: number, height: number): string {
  if (overlays.length === 0) return "";
  const r = Math.max(width, height) * 0.012;
  const shapes = overlays.map((o) => {
    if (o.kind === "point") {
      const ring = o.double
        ? `<circle class="mark" cx="${n(o.x)}" cy="${n(o.y)}" r="${n(r * 1.8)}"/>`
        : "";
      return (
        `<circle class="mark" cx="${n(o.x)}" cy="${n(o.y)}" r="${n(r)}"/>${ring}` +
        `<line class="mark" x1="${n(o.x - r * 2.5)}" y1="${n(o.y)}" x2="${n(o.x + r * 2.5)}" y2="${n(o.y)}"/>` +
        `<line class="mark" x1="${n(o.x)}" y1="${n(o.y - r * 2.5)}" x2="${n(o.x)}" y2="${n(o.y + r * 2.5)}"/>`
      );
    }
    if (o.kind === "path") {
      const pts = o.points.map(([x, y]) => `${n(x)},${n(y)}`).join(" ");
      const [sx, sy] = o.points[0] ?? [0, 0];
      const [ex, ey] = o.points[o.points.length - 1] ?? [0, 0];
      return (
        `<polyline class="mark" points="${pts}"/>` +
        `<circle class="fill" cx="${n(sx)}" cy="${n(sy)}" r="${n(r * 0.6)}"/>` +
        `<circle class="mark" cx="${n(ex)}" cy="${n(ey)}" r="${n(r)}"/>`
      );
    }
    return arrow(o.x ?? width / 2, o.y ?? height / 2, o.direction, Math.max(width, height) * 0.06);
  });
  return `<svg class="overlay" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" aria-hidden="true">${shapes.join("")}</svg>`;
}

/** A screenshot with its overlay and caption; nothing when the data is not base64. */
export function screenshotFigure(
  base64: string,
  size: { width: number; height: number } | undefined,
  overlays: Overlay[],
  caption: string,
): string {
  if (!isBase64(base64)) return `<p class="missing">image data is not base64: not shown</p>`;
  const dims = size ? ` width="${size.width}" height="${size.height}"` : "";
  const svg = size ? overlaySvg(overlays, size.width, size.height) : "";
  return (
    `<figure class="shot"><div class="frame"><img src="${imageDataUri(base64)}"${dims} alt="${escapeHtml(caption)}">` +
    `${svg}</div><figcaption>${escapeHtml(caption)}</figcaption></figure>`
  );
}

const css = `
:root{color-scheme:light dark;--mark:#ff2d55;--muted:#888}
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:16px}
header{border-bottom:1px solid var(--muted);margin-bottom:12px}
h1{font-size:20px;margin:0 0 6px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}
dl.facts dt{color:var(--muted)}
ol.timeline{list-style:none;padding:0;margin:0}
ol.timeline>li{border-left:3px solid var(--muted);padding:4px 10px;margin:6px 0}
li.kind-action{border-color:#2f80ed}li.kind-message{border-color:#27ae60}
li.role-assistant{border-color:#2f80ed}li.role-user{border-color:#27ae60}li.signal{border-color:#f2994a}
.when{color:var(--muted);font-variant-numeric:tabular-nums;margin-right:8px}
.who{font-weight:600;margin-right:8px}
pre{white-space:pre-wrap;word-break:break-word;margin:4px 0}
figure.shot{margin:6px 0}
.frame{position:relative;display:inline-block;max-width:100%}
.frame img{display:block;max-width:100%;height:auto}
svg.overlay{position:absolute;inset:0;width:100%;height:100%;pointer-events:none}
svg.overlay .mark{fill:none;stroke:var(--mark);stroke-width:3;vector-effect:non-scaling-stroke}
svg.overlay .fill{fill:var(--mark);stroke:none}
figcaption,.missing{color:var(--muted);font-size:12px}
`;

/** The whole page: header facts then the body. */
export function htmlPage(title: string, facts: [string, string][], body: string): string {
  const dl = facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("");
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><style>${css}</style></head><body>` +
    `<header><h1>${escapeHtml(title)}</h1><dl class="facts">${dl}</dl></header>` +
    `<main>${body}</main></body></html>\n`
  );
}
