import { SingleBar } from "cli-progress";

/**
 * Progress for long work: a bar on a TTY, plain lines elsewhere (CI logs, pipes), nothing when
 * quiet. Stages report through a callback; only the CLI draws.
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
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { tick() {}, setTotal() {}, stop() {} };
  if (stream.isTTY) return createBar(options, stream);
  return createPlain(options, stream);
}

function createBar(options: ProgressOptions, stream: NodeJS.WriteStream): Progress {
  const bar = new SingleBar({
    stream,
    format: `${options.label} [{bar}] {value}/{total} {percentage}% eta {eta_formatted} {detail}`,
    hideCursor: true,
    clearOnComplete: false,
  });
  bar.start(options.total, 0, { detail: "" });
  return {
    tick: (increment = 1, detail = "") => bar.increment(increment, { detail }),
    setTotal: (total) => bar.setTotal(total),
    stop: () => bar.stop(),
  };
}

function createPlain(options: ProgressOptions, stream: NodeJS.WriteStream): Progress {
  const interval = options.plainIntervalMs ?? 2000;
  let total = options.total;
  let done = 0;
  let lastPrinted = 0;
  const print = (detail: string) => {
    stream.write(`${options.label}: ${done}/${total}${detail ? ` ${detail}` : ""}\n`);
    lastPrinted = Date.now();
  };
  return {
    tick(increment = 1, detail = "") {
      done += increment;
      if (done >= total || Date.now() - lastPrinted >= interval) print(detail);
    },
    setTotal(next) {
      total = next;
    },
    stop() {
      if (lastPrinted === 0 || done < total) print("");
    },
  };
}
