import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { asArray, asNumber, asObject, asString, readJsonl, readJsonOr } from "./read-json.js";

/** One export folder (`tracemill export`): per exporter its receipt, counts, sample rows, quarantine. */
export interface ExporterView {
  exporter: string;
  format?: string;
  counts: {
    in: number;
    written: number;
    quarantined: number;
    skipped: number;
    /** in = written + quarantined + skipped, as the receipt claims. */
    addsUp: boolean;
    quarantinedByReason: Record<string, number>;
    skippedByReason: Record<string, number>;
  };
  files: { path: string; rows: number; sample: unknown[] }[];
  quarantine: {
    total: number;
    records: { reasons: string[]; errors: string[]; record: unknown }[];
  };
  receipt: unknown;
}

export interface DatasetView {
  key: string;
  name: string;
  exporters: ExporterView[];
  warnings: string[];
}

export interface DatasetSummary {
  key: string;
  name: string;
  exporters: {
    exporter: string;
    in: number;
    written: number;
    quarantined: number;
    skipped: number;
  }[];
}

const sampleRows = 3;
const quarantineRows = 50;
/** Long strings (base64 images, long transcripts) are cut in samples. */
const maxString = 600;

export async function datasetSummary(
  key: string,
  dir: string,
  name: string,
): Promise<DatasetSummary> {
  const view = await datasetView(key, dir, name, false);
  return {
    key,
    name,
    exporters: view.exporters.map(({ exporter, counts }) => ({
      exporter,
      in: counts.in,
      written: counts.written,
      quarantined: counts.quarantined,
      skipped: counts.skipped,
    })),
  };
}

export async function datasetView(
  key: string,
  dir: string,
  name: string,
  withRows = true,
): Promise<DatasetView> {
  const warnings: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const exporters: ExporterView[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const receiptPath = join(dir, entry.name, "receipt.json");
    const receipt = await readJsonOr(receiptPath, warnings);
    if (receipt === undefined) continue;
    const body = asObject(receipt);
    const counts = asObject(body.counts);
    const exporter = asString(body.exporter) ?? entry.name;
    const total = {
      in: asNumber(counts.in) ?? 0,
      written: asNumber(counts.written) ?? 0,
      quarantined: asNumber(counts.quarantined) ?? 0,
      skipped: asNumber(counts.skipped) ?? 0,
    };
    const view: ExporterView = {
      exporter,
      ...(asString(body.format) === undefined ? {} : { format: asString(body.format) }),
      counts: {
        ...total,
        addsUp: total.in === total.written + total.quarantined + total.skipped,
        quarantinedByReason: numbers(counts.byReason),
        skippedByReason: numbers(counts.skippedByReason),
      },
      files: [],
      quarantine: { total: 0, records: [] },
      receipt: withRows ? receipt : undefined,
    };
    if (withRows) {
      for (const output of asArray(body.outputs)) {
        const path = asString(asObject(output).path);
        if (path === undefined || path.includes("..") || !path.endsWith(".jsonl")) continue;
        const read = await readJsonl(join(dir, path), warnings, sampleRows);
        if (path.startsWith("quarantine/")) {
          const all = await readJsonl(join(dir, path), warnings, quarantineRows);
          view.quarantine = {
            total: all.total,
            records: all.rows.map((raw) => {
              const record = asObject(raw);
              return {
                reasons: asArray(record.reasons).map(String),
                errors: asArray(record.errors).map(String),
                record: clip(raw),
              };
            }),
          };
        } else {
          view.files.push({ path, rows: read.total, sample: read.rows.map(clip) });
        }
      }
    }
    exporters.push(view);
  }
  return { key, name, exporters, warnings };
}

function clip(value: unknown): unknown {
  if (typeof value === "string") {
    return value.length > maxString
      ? `${value.slice(0, maxString)}… (${value.length} chars)`
      : value;
  }
  if (Array.isArray(value)) return value.map(clip);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, each]) => [name, clip(each)]));
  }
  return value;
}

function numbers(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, each] of Object.entries(asObject(value))) {
    if (typeof each === "number") out[name] = each;
  }
  return out;
}
