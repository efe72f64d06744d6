import type { SingleBar } from "cli-progress";
import { loadOnFirstUse } from "../core/load-on-first-use.js";
import type { OnProgress } from "../pipelines/types.js";
import { createEta, type Eta } from "./eta.js";

/**
 * Progress for long work: a bar on a TTY, plain lines elsewhere (CI logs, pipes), nothing when
 * quiet. Stages report through a callback; only the CLI draws. The time left comes from eta.ts
 * (the rate after the first items), not from cli-progress's own estimate.
 */
export interface Progress {
  tick(increment?: number, detail?: string): void;
  setTotal(total: number): void;
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
  /** Plain mode prints at most one line per interval (ms), plus the last one. */
  plainIntervalMs?: number;
  /** Milliseconds clock (tests inject one); performance.now by default. */
  now?: () => number;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { tick() {}, setTotal() {}, stop() {} };
  const eta = createEta(options.now === undefined ? {} : { now: options.now });
  if (stream.isTTY) return createBar(options, stream, eta);
  return createPlain(options, stream, eta);
}

/** cli-progress loads only when a bar is drawn on a terminal. */
const loadCliProgress = loadOnFirstUse<{ SingleBar: typeof SingleBar }>("cli-progress");

function createBar(options: ProgressOptions, stream: NodeJS.WriteStream, eta: Eta): Progress {
  const bar = new (loadCliProgress().SingleBar)({
    stream,
    format: `${options.label} [{bar}] {value}/{total} {percentage}% {eta_text} {detail}`,
    hideCursor: true,
    clearOnComplete: false,
  });
  let total = options.total;
  let done = 0;
  bar.start(total, 0, { detail: "", eta_text: eta.describe() });
  return {
    tick: (increment = 1, detail = "") => {
      done += increment;
      eta.update(done, total);
      bar.increment(increment, { detail, eta_text: eta.describe() });
    },
    setTotal: (next) => {
      total = next;
      bar.setTotal(next);
    },
    stop: () => bar.stop(),
  };
}

function createPlain(options: ProgressOptions, stream: NodeJS.WriteStream, eta: Eta): Progress {
  const interval = options.plainIntervalMs ?? 2000;
  const now = options.now ?? (() => performance.now());
  let total = options.total;
  let done = 0;
  let lastPrinted: number | undefined;
  const print = (detail: string) => {
    const left = done < total ? eta.secondsLeft() : undefined;
    const parts = [`${options.label}: ${done}/${total}`];
    if (left !== undefined) parts.push(eta.describe());
    if (detail) parts.push(detail);
    stream.write(`${parts.join(" ")}\n`);
    lastPrinted = now();
  };
  return {
    tick(increment = 1, detail = "") {
      done += increment;
      eta.update(done, total);
      if (done >= total || lastPrinted === undefined || now() - lastPrinted >= interval)
        print(detail);
    },
    setTotal(next) {
      total = next;
    },
    stop() {
      if (lastPrinted === undefined || done < total) print("");
    },
  };
}

/**
 * The CLI's edge of the one progress shape (`onProgress(phase, done, total, detail)`, see
 * src/pipelines/types.ts): one bar per phase, labelled with the phase. `first` opens the first
 * phase's bar at once, so a run that reports nothing still ends with its `label: 0/0` line.
 */
export function createPhaseProgress(options: {
  quiet?: boolean;
  first?: string;
  firstTotal?: number;
  stream?: NodeJS.WriteStream;
}): { onProgress: OnProgress; stop(): void } {
  const open = (phase: string, total: number) => ({
    phase,
    progress: createProgress({
      label: phase,
      total,
      ...(options.quiet === undefined ? {} : { quiet: options.quiet }),
      ...(options.stream === undefined ? {} : { stream: options.stream }),
    }),
    done: 0,
  });
  let bar: { phase: string; progress: Progress; done: number } | undefined =
    options.first === undefined ? undefined : open(options.first, options.firstTotal ?? 0);
  return {
    onProgress(phase, done, total, detail) {
      if (bar?.phase !== phase) {
        bar?.progress.stop();
        bar = open(phase, total ?? 0);
      }
      if (total !== undefined) bar.progress.setTotal(total);
      bar.progress.tick(done - bar.done, detail);
      bar.done = done;
    },
    stop() {
      bar?.progress.stop();
    },
  };
}
