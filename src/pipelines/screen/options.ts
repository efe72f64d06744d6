import { basename, dirname, resolve } from "node:path";
import { TracemillError } from "../../core/errors.js";

/** Options of `tracemill process`, resolved from the seed CLI's flags. */
export interface ProcessOptions {
  format: "web" | "desktop";
  data: string;
  out: string;
  /** Session ids to process; all sessions found in `data` when absent. */
  sessions?: string[];
  ffmpeg?: string;
  ffprobe?: string;
  grade: boolean;
  chunkSize: number;
  /** provider:model of the judge; resolved from the config when absent. */
  judge?: string;
  weights?: string;
  concurrency: number;
  force: boolean;
  actionFormat: "pyautogui" | "anthropic" | "openai";
  crop: boolean;
  augment: boolean;
  keyboardLayout?: "us" | "fr" | "de";
}

export interface ProcessFlags {
  out?: string;
  format?: string;
  sessions?: string;
  data?: string;
  input?: string;
  ffmpeg?: string;
  ffprobe?: string;
  grade?: boolean;
  chunkSize?: string;
  judge?: string;
  weights?: string;
  concurrency?: string;
  force?: boolean;
  actionFormat?: string;
  crop?: boolean;
  augment?: boolean;
  keyboardLayout?: string;
}

/**
 * `-i <session dir>` means: its parent is both the data and the output folder, its name is the
 * session id. Otherwise `-d` (default ./data) and `-o` (default ./out) are used.
 */
export function resolveProcessOptions(flags: ProcessFlags, cwd: string): ProcessOptions {
  const format = flags.format ?? "web";
  if (format !== "web" && format !== "desktop") {
    throw new TracemillError("input_invalid", `--format must be web or desktop, not "${format}"`);
  }
  const actionFormat = flags.actionFormat ?? "pyautogui";
  if (actionFormat !== "pyautogui" && actionFormat !== "anthropic" && actionFormat !== "openai") {
    throw new TracemillError(
      "input_invalid",
      `--action-format must be pyautogui, anthropic or openai, not "${actionFormat}"`,
    );
  }
  let data = resolve(cwd, flags.data ?? "data");
  let out = resolve(cwd, flags.out ?? "out");
  let sessions = flags.sessions
    ?.split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  if (flags.input) {
    const input = resolve(cwd, flags.input);
    data = dirname(input);
    out = flags.out ? resolve(cwd, flags.out) : data;
    sessions = [basename(input)];
  }
  return {
    format,
    data,
    out,
    sessions: sessions && sessions.length > 0 ? sessions : undefined,
    ffmpeg: flags.ffmpeg,
    ffprobe: flags.ffprobe,
    grade: flags.grade === true,
    chunkSize: positiveInteger("--chunk-size", flags.chunkSize, 4),
    judge: flags.judge,
    weights: flags.weights,
    concurrency: positiveInteger("--concurrency", flags.concurrency, 2),
    force: flags.force === true,
    actionFormat,
    crop: flags.crop === true,
    augment: flags.augment === true,
    keyboardLayout: keyboardLayout(flags.keyboardLayout),
  };
}

function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new TracemillError("input_invalid", `${flag} must be a whole number ≥ 1, not "${value}"`);
  }
  return parsed;
}

function keyboardLayout(value: string | undefined): ProcessOptions["keyboardLayout"] {
  if (value === undefined || value === "us" || value === "fr" || value === "de") return value;
  throw new TracemillError(
    "input_invalid",
    `--keyboard-layout must be us, fr or de, not "${value}"`,
  );
}
