import { type LossTermName, type LossValues, lossTermNames } from "./train-config.js";

/**
 * The training curves as a picture: one panel per loss term (total first), train and validation
 * lines over iterations, each panel scaled to its own range. Drawn as SVG (kept beside the PNG)
 * and rasterised with sharp.
 */
export interface LossRecord {
  iteration: number;
  split: "train" | "validation";
  terms: LossValues;
}

const panelWidth = 360;
const panelHeight = 220;
const columns = 3;
const margin = { left: 56, right: 12, top: 28, bottom: 26 };
const colors = { train: "#1f77b4", validation: "#ff7f0e" } as const;
const panelOrder: LossTermName[] = ["total", ...lossTermNames.filter((name) => name !== "total")];

export function renderLossSvg(records: LossRecord[], title: string): string {
  const rows = Math.ceil(panelOrder.length / columns);
  const width = panelWidth * columns;
  const height = panelHeight * rows + 30;
  const lastIteration = Math.max(1, ...records.map((record) => record.iteration));
  const panels = panelOrder.map((term, index) => {
    const x = (index % columns) * panelWidth;
    const y = 30 + Math.floor(index / columns) * panelHeight;
    return `<g transform="translate(${x},${y})">${panel(records, term, lastIteration)}</g>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="12" y="20" font-size="14">${escapeXml(title)}</text>`,
    `<text x="${width - 190}" y="20" fill="${colors.train}">— train</text>`,
    `<text x="${width - 120}" y="20" fill="${colors.validation}">— validation</text>`,
    ...panels,
    "</svg>",
  ].join("\n");
}

export async function writeLossPng(svg: string, path: string): Promise<void> {
  const { default: sharp } = await import("sharp");
  await sharp(Buffer.from(svg)).png().toFile(path);
}

function panel(records: LossRecord[], term: LossTermName, lastIteration: number): string {
  const innerWidth = panelWidth - margin.left - margin.right;
  const innerHeight = panelHeight - margin.top - margin.bottom;
  const values = records.map((record) => record.terms[term]).filter(Number.isFinite);
  const low = Math.min(0, ...values);
  const high = Math.max(...values, low + 1e-9);
  const scaleX = (iteration: number) => margin.left + (iteration / lastIteration) * innerWidth;
  const scaleY = (value: number) =>
    margin.top + innerHeight - ((value - low) / (high - low)) * innerHeight;
  const lines = (["train", "validation"] as const).map((split) => {
    const points = records
      .filter((record) => record.split === split && Number.isFinite(record.terms[term]))
      .map(
        (record) =>
          `${scaleX(record.iteration).toFixed(1)},${scaleY(record.terms[term]).toFixed(1)}`,
      );
    return points.length === 0
      ? ""
      : `<polyline fill="none" stroke="${colors[split]}" stroke-width="1.5" points="${points.join(" ")}"/>`;
  });
  return [
    `<text x="${margin.left}" y="16" font-size="12">${term}</text>`,
    `<rect x="${margin.left}" y="${margin.top}" width="${innerWidth}" height="${innerHeight}" fill="none" stroke="#999"/>`,
    `<text x="${margin.left - 4}" y="${margin.top + 4}" text-anchor="end">${formatNumber(high)}</text>`,
    `<text x="${margin.left - 4}" y="${margin.top + innerHeight}" text-anchor="end">${formatNumber(low)}</text>`,
    `<text x="${margin.left}" y="${panelHeight - 8}">0</text>`,
    `<text x="${margin.left + innerWidth}" y="${panelHeight - 8}" text-anchor="end">${lastIteration}</text>`,
    ...lines,
  ].join("");
}

function formatNumber(value: number): string {
  if (value === 0) return "0";
  return Math.abs(value) >= 0.01 && Math.abs(value) < 1000
    ? value.toPrecision(3)
    : value.toExponential(1);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
