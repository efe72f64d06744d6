/**
 * Time left for long work, from the rate measured after the first items: the first item carries
 * start-up costs (model loading, a cold cache, opening files) and says nothing about the rest, so
 * the clock starts when it finishes. Until enough items and time have passed there is no estimate
 * (never "eta 0s" at the start). Pure apart from the injected clock.
 */
export interface EtaOptions {
  now?: () => number;
  /** Items that must finish after the first before an estimate is given. Default 2. */
  minItems?: number;
  /** Milliseconds that must pass after the first item before an estimate is given. Default 1000. */
  minMs?: number;
}

export interface Eta {
  /** Report progress: `done` items of `total` finished so far. */
  update(done: number, total: number): void;
  /** Seconds left, or undefined while the rate is not known yet. */
  secondsLeft(): number | undefined;
  /** `eta 1m05s`, or `eta …` while unknown. */
  describe(): string;
}

export function createEta(options: EtaOptions = {}): Eta {
  const now = options.now ?? (() => performance.now());
  const minItems = options.minItems ?? 2;
  const minMs = options.minMs ?? 1000;
  let origin: { done: number; at: number } | undefined;
  let done = 0;
  let total = 0;
  let at = 0;
  const secondsLeft = (): number | undefined => {
    if (origin === undefined || total <= 0) return undefined;
    if (done >= total) return 0;
    const items = done - origin.done;
    const elapsed = at - origin.at;
    if (items < minItems || elapsed < minMs) return undefined;
    return ((total - done) * elapsed) / items / 1000;
  };
  return {
    update(nextDone, nextTotal) {
      done = nextDone;
      total = nextTotal;
      at = now();
      if (origin === undefined && done > 0) origin = { done, at };
    },
    secondsLeft,
    describe() {
      const seconds = secondsLeft();
      return seconds === undefined ? "eta …" : `eta ${formatDuration(seconds)}`;
    },
  };
}

/** 7s, 1m05s, 2h03m. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
