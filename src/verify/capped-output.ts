/**
 * Keeps the first `limit` bytes of a process's combined output and counts the rest. The
 * process keeps being read (never paused), so a flood cannot block it on a full pipe.
 */
export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private droppedBytes = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    const room = this.limit - this.kept;
    if (room >= chunk.length) {
      this.chunks.push(chunk);
      this.kept += chunk.length;
      return;
    }
    if (room > 0) {
      this.chunks.push(chunk.subarray(0, room));
      this.kept += room;
    }
    this.droppedBytes += chunk.length - Math.max(room, 0);
  }

  get truncated(): boolean {
    return this.droppedBytes > 0;
  }

  get dropped(): number {
    return this.droppedBytes;
  }

  text(): string {
    const body = Buffer.concat(this.chunks).toString("utf8");
    if (!this.truncated) return body;
    return `${body}\n[output truncated: ${this.droppedBytes} more bytes dropped at the ${this.limit}-byte limit]\n`;
  }
}
