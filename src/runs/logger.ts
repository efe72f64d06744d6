import type Pino from "pino";
import { TracemillError } from "../core/errors.js";
import { loadOnFirstUse } from "../core/load-on-first-use.js";
import type { Redactor } from "../model/redact.js";

/**
 * The run logger: pino JSON lines into `<run>/log.jsonl` and, optionally, a concise `level
 * message` line on a console stream. Every finished log line is parsed and passed whole through
 * the redactor before it is written anywhere, so messages, bindings and error stacks are all
 * covered, not only the fields a hook happens to see.
 */
export interface RunLoggerOptions {
  file: string;
  level?: string;
  redactor?: Redactor;
  console?: { stream: NodeJS.WritableStream; level?: string };
}

export type RunLogger = Pino.Logger;

/** pino loads with the first run logger, not with the runs module (`runs list` needs none). */
const loadPino = loadOnFirstUse<typeof Pino>("pino");

export function createRunLogger(options: RunLoggerOptions): RunLogger {
  const pino = loadPino();
  const fileLevel = options.level ?? "info";
  const consoleLevel = options.console?.level ?? fileLevel;
  const fileThreshold = levelValue(fileLevel);
  const consoleThreshold = options.console ? levelValue(consoleLevel) : Number.POSITIVE_INFINITY;
  const file = pino.destination({ dest: options.file, sync: true, mkdir: true, append: true });
  const redact = (record: Record<string, unknown>) =>
    options.redactor ? options.redactor.redactValue(record) : record;
  const destination: Pino.DestinationStream = {
    write(line: string) {
      const record = redact(JSON.parse(line) as Record<string, unknown>);
      const level = typeof record.level === "number" ? record.level : 0;
      if (level >= fileThreshold) file.write(`${JSON.stringify(record)}\n`);
      if (options.console && level >= consoleThreshold) {
        options.console.stream.write(`${consoleLine(record, level)}\n`);
      }
    },
  };
  const lowest = Math.min(fileThreshold, consoleThreshold);
  return pino(
    {
      level:
        lowest === Number.POSITIVE_INFINITY ? "silent" : (pino.levels.labels[lowest] ?? "info"),
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

function consoleLine(record: Record<string, unknown>, level: number): string {
  const label = loadPino().levels.labels[level] ?? String(level);
  const message = typeof record.msg === "string" ? record.msg : "";
  const error = record.err as { message?: unknown } | undefined;
  const errorText =
    error && typeof error.message === "string" && error.message !== message
      ? `: ${error.message}`
      : "";
  return `${label} ${message}${errorText}`;
}

function levelValue(level: string): number {
  if (level === "silent") return Number.POSITIVE_INFINITY;
  const value = loadPino().levels.values[level];
  if (value === undefined) {
    throw new TracemillError(
      "config_invalid",
      `unknown log level "${level}"; use trace, debug, info, warn, error, fatal or silent`,
    );
  }
  return value;
}
