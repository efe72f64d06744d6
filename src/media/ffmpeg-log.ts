/**
 * Reads what extraction needs from ffmpeg's stderr (pure, line by line): the input duration and,
 * from the named `showinfo` filters, the exact pts and time base of every frame that was output.
 * Times are computed as pts * (num/den) in double precision, the same arithmetic as the `select`
 * filter's `t`, so Node can mirror the selection exactly (showinfo's own pts_time is rounded to
 * six significant digits, which is 10 ms at one hour).
 */
export interface ShowinfoFrame {
  filter: string;
  n: number;
  t: number;
}

export class FfmpegLog {
  durationS: number | undefined;
  private readonly timeBases = new Map<string, number>();
  private readonly errorLines: string[] = [];
  private partial = "";

  constructor(private readonly onFrame: (frame: ShowinfoFrame) => void) {}

  push(chunk: string): void {
    const lines = (this.partial + chunk).split(/\r?\n|\r/);
    this.partial = lines.pop() ?? "";
    for (const line of lines) this.line(line);
  }

  end(): void {
    if (this.partial) this.line(this.partial);
    this.partial = "";
  }

  /** The last few lines that are not routine (for warnings when ffmpeg fails). */
  tail(count = 4): string {
    return this.errorLines.slice(-count).join(" | ");
  }

  private line(line: string): void {
    const filter = /^\[showinfo@(\w+) @ [^\]]+\] (.*)$/.exec(line);
    if (filter) {
      const name = filter[1] as string;
      const body = filter[2] as string;
      const base = /config in time_base: (\d+)\/(\d+)/.exec(body);
      if (base) {
        this.timeBases.set(name, Number(base[1]) / Number(base[2]));
        return;
      }
      const frame = /^n:\s*(\d+)\s+pts:\s*(-?\d+)/.exec(body);
      const timeBase = this.timeBases.get(name);
      if (frame && timeBase !== undefined) {
        this.onFrame({ filter: name, n: Number(frame[1]), t: Number(frame[2]) * timeBase });
      }
      return;
    }
    const duration = /^\s*Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(line);
    if (duration) {
      this.durationS ??=
        Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]);
      return;
    }
    if (/error|invalid|no such|not found|failed|could not|unable|moov atom/i.test(line)) {
      this.errorLines.push(line.trim());
      if (this.errorLines.length > 20) this.errorLines.shift();
    }
  }
}
