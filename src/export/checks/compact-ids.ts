import { fnv1a32 } from "./text-hash.js";

/**
 * Row ids are `<kind>_<24 hex digits>` (deterministicId). Millions of them as JS strings cost
 * ~60 bytes each; packed, the hex is 12 bytes. Ids of another shape are kept as strings.
 */
const packable = /^([a-z][a-z0-9-]*_)([0-9a-f]{24})$/;
const packedBytes = 12;

function hexValue(code: number): number {
  return code <= 0x39 ? code - 0x30 : code - 0x57;
}

const hexDigits = "0123456789abcdef";

/** An append-only list of ids, indexed by position. */
export class CompactIdList {
  private prefix: string | undefined;
  private packed = new Uint8Array(packedBytes * 1024);
  private readonly others = new Map<number, string>();
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(id: string): number {
    const position = this.count;
    if ((position + 1) * packedBytes > this.packed.length) {
      const grown = new Uint8Array(this.packed.length * 2);
      grown.set(this.packed);
      this.packed = grown;
    }
    const match = packable.exec(id);
    if (match && (this.prefix === undefined || this.prefix === match[1])) {
      this.prefix = match[1];
      const hex = match[2] as string;
      const offset = position * packedBytes;
      for (let byte = 0; byte < packedBytes; byte++) {
        this.packed[offset + byte] =
          (hexValue(hex.charCodeAt(byte * 2)) << 4) | hexValue(hex.charCodeAt(byte * 2 + 1));
      }
    } else {
      this.others.set(position, id);
    }
    this.count += 1;
    return position;
  }

  get(position: number): string | undefined {
    if (position < 0 || position >= this.count) return undefined;
    const other = this.others.get(position);
    if (other !== undefined) return other;
    let hex = "";
    const offset = position * packedBytes;
    for (let byte = 0; byte < packedBytes; byte++) {
      const value = this.packed[offset + byte] as number;
      hex += hexDigits[value >> 4] + (hexDigits[value & 15] as string);
    }
    return `${this.prefix}${hex}`;
  }
}

/**
 * A set of ids for duplicate detection, stored as 64-bit fingerprints (two independent 32-bit
 * FNV-1a hashes) in an open-addressing table: 16 bytes per id instead of ~80. Two different ids
 * share a fingerprint with probability about n²/2⁶⁵ (3·10⁻⁸ at a million ids).
 */
export class FingerprintSet {
  private high = new Int32Array(1024);
  private low = new Int32Array(1024);
  private used = new Uint8Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(id: string): boolean {
    return this.slotOf(fnv1a32(id, 0x811c9dc5) | 0, fnv1a32(id, 0x050c5d1f) | 0).found;
  }

  /** Adds the id; false when it was already there. */
  add(id: string): boolean {
    const high = fnv1a32(id, 0x811c9dc5) | 0;
    const low = fnv1a32(id, 0x050c5d1f) | 0;
    const { slot, found } = this.slotOf(high, low);
    if (found) return false;
    this.high[slot] = high;
    this.low[slot] = low;
    this.used[slot] = 1;
    this.count += 1;
    if (this.count * 2 > this.used.length) this.grow();
    return true;
  }

  private slotOf(high: number, low: number): { slot: number; found: boolean } {
    const mask = this.used.length - 1;
    let slot = (high ^ Math.imul(low, 0x9e3779b1)) & mask;
    while (this.used[slot] === 1) {
      if (this.high[slot] === high && this.low[slot] === low) return { slot, found: true };
      slot = (slot + 1) & mask;
    }
    return { slot, found: false };
  }

  private grow(): void {
    const { high, low, used } = this;
    this.high = new Int32Array(used.length * 2);
    this.low = new Int32Array(used.length * 2);
    this.used = new Uint8Array(used.length * 2);
    for (let slot = 0; slot < used.length; slot++) {
      if (used[slot] !== 1) continue;
      const target = this.slotOf(high[slot] as number, low[slot] as number).slot;
      this.high[target] = high[slot] as number;
      this.low[target] = low[slot] as number;
      this.used[target] = 1;
    }
  }
}
