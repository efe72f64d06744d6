import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { promisify } from "node:util";
import { canonicalJson } from "../core/canonical-json.js";
import { sha256File } from "../core/hash.js";
import type {
  CategoryThresholds,
  ExportFormat,
  ExportOptions,
  ExportTarget,
  QuarantineReason,
  SkipReason,
} from "./types.js";
import { openAtomicFile } from "./writers/atomic-file.js";

/**
 * The receipt of one exporter's run: what was read and written (sha256 + size), counts per
 * quarantine reason, thresholds, options and whether every row validated. It holds no timestamp
 * and only relative paths, so the same inputs give a byte-identical receipt.
 */
export interface FileDigest {
  path: string;
  sha256: string;
  bytes: number;
}

/** Records in = written (used by at least one row) + quarantined + skipped; rows out apart. */
export interface ExportCounts {
  in: number;
  out: number;
  written: number;
  quarantined: number;
  skipped: number;
  byReason: Partial<Record<QuarantineReason, number>>;
  skippedByReason: Partial<Record<SkipReason, number>>;
  /** With `--pii redact`: secrets and personal data replaced in written rows, per kind. */
  redactedByKind?: Record<string, number>;
}

export interface ExportReceipt {
  tool: "tracemill";
  toolVersion: string;
  exporter: ExportTarget;
  /** `lerobot` for a LeRobot dataset (codebase v2.1). */
  format: ExportFormat | "lerobot";
  source: string;
  inputs: FileDigest[];
  outputs: FileDigest[];
  gitCommit: string | null;
  counts: ExportCounts;
  thresholds: CategoryThresholds;
  options: ExportOptions;
  validation: { passed: boolean; errors: string[] };
}

/** Validation errors kept in a receipt; the count of the rest is noted so nothing is silent. */
const maxReceiptErrors = 100;

export function capErrors(errors: readonly string[]): string[] {
  if (errors.length <= maxReceiptErrors) return [...errors];
  return [...errors.slice(0, maxReceiptErrors), `… and ${errors.length - maxReceiptErrors} more`];
}

/** Portable path for receipts: relative to `base`, with forward slashes. */
export function receiptPath(base: string, path: string): string {
  return relative(base, path).split(sep).join("/");
}

/** Hashes files (streamed), sorted by their receipt path, duplicates removed. */
export async function digestFiles(
  base: string,
  paths: Iterable<string>,
  /** Digests already taken in this run (inputs are the same for every exporter). */
  known?: Map<string, { sha256: string; bytes: number }>,
): Promise<FileDigest[]> {
  const unique = new Map<string, string>();
  for (const path of paths) unique.set(receiptPath(base, path), path);
  const digests: FileDigest[] = [];
  for (const [name, path] of [...unique].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let digest = known?.get(path);
    if (digest === undefined) {
      digest = await sha256File(path);
      known?.set(path, digest);
    }
    digests.push({ path: name, ...digest });
  }
  return digests;
}

/** HEAD of the git repository holding `folder`, or null when it is not in one (or git is absent). */
export async function gitCommitOf(folder: string): Promise<string | null> {
  try {
    const { stdout } = await promisify(execFile)("git", ["-C", folder, "rev-parse", "HEAD"]);
    const commit = stdout.trim();
    return /^[0-9a-f]{40,64}$/.test(commit) ? commit : null;
  } catch {
    return null;
  }
}

/** Sorted keys and two-space indentation: stable bytes that a person can still read. */
export function serializeReceipt(receipt: ExportReceipt): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(receipt)), null, 2)}\n`;
}

export async function writeReceipt(out: string, receipt: ExportReceipt): Promise<string> {
  const file = await openAtomicFile(join(out, receipt.exporter, "receipt.json"));
  await file.write(serializeReceipt(receipt));
  await file.commit();
  return file.path;
}

export async function readReceipt(
  out: string,
  exporter: ExportTarget,
): Promise<ExportReceipt | undefined> {
  try {
    return JSON.parse(await readFile(join(out, exporter, "receipt.json"), "utf8")) as ExportReceipt;
  } catch {
    return undefined;
  }
}
