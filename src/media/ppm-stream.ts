/**
 * Splits ffmpeg's `image2pipe -c:v ppm` output into frames. PPM (P6) is a short text header and
 * raw RGB, so frames cross the pipe without an encode/decode round trip and sharp takes the
 * pixels as raw input.
 */
export interface RgbFrame {
  width: number;
  height: number;
  /** width * height * 3 bytes, RGB. */
  pixels: Buffer;
}

export class PpmStreamParser {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private header: { width: number; height: number; headerBytes: number } | undefined;

  /** Feeds a chunk; returns every frame it completes. */
  push(chunk: Buffer): RgbFrame[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const frames: RgbFrame[] = [];
    for (;;) {
      if (!this.header) {
        const buffer = this.concat();
        this.header = parseHeader(buffer);
        if (!this.header) return frames;
      }
      const { width, height, headerBytes } = this.header;
      const total = headerBytes + width * height * 3;
      if (this.pendingBytes < total) return frames;
      const buffer = this.concat();
      // Copy so the frame does not pin the (possibly much larger) pending buffer.
      frames.push({ width, height, pixels: Buffer.from(buffer.subarray(headerBytes, total)) });
      const rest = buffer.subarray(total);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingBytes = rest.length;
      this.header = undefined;
    }
  }

  /** Bytes left over that do not make a whole frame (a truncated stream). */
  get leftoverBytes(): number {
    return this.pendingBytes;
  }

  private concat(): Buffer {
    if (this.pending.length !== 1) this.pending = [Buffer.concat(this.pending)];
    return this.pending[0] ?? Buffer.alloc(0);
  }
}

/** `P6 <ws> width <ws> height <ws> 255 <one ws>`; undefined until the header is complete. */
function parseHeader(
  buffer: Buffer,
): { width: number; height: number; headerBytes: number } | undefined {
  const text = buffer.subarray(0, Math.min(buffer.length, 64)).toString("latin1");
  const match = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(text);
  if (!match) {
    if (buffer.length >= 64 || (buffer.length >= 2 && !text.startsWith("P6"))) {
      throw new Error(`not a PPM stream (starts with ${JSON.stringify(text.slice(0, 8))})`);
    }
    return undefined;
  }
  if (match[3] !== "255") throw new Error(`unsupported PPM max value ${match[3]}`);
  return { width: Number(match[1]), height: Number(match[2]), headerBytes: match[0].length };
}
