import { timingSafeEqual } from "node:crypto";
import { canonicalJson } from "./canonical-json.js";
import { hmacSha256Hex } from "./hash.js";

/**
 * Keyed hash chain: link[i] = HMAC-SHA256(key, link[i-1] + "\n" + canonicalJson(event[i])),
 * link[-1] = GENESIS. Changing, inserting, removing or reordering any event changes every link
 * from that point on, and without the key nobody can recompute the chain.
 */
export const chainGenesis = "0".repeat(64);

export interface ChainLink {
  index: number;
  hash: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Number of links checked and found good. */
  verified: number;
  /** First link whose event or hash does not match; absent when ok. */
  firstBroken?: { index: number; expected: string; actual: string | undefined; reason: string };
}

export function chainLink(key: string | Uint8Array, previous: string, event: unknown): string {
  return hmacSha256Hex(key, `${previous}\n${canonicalJson(event)}`);
}

export function buildHashChain(key: string | Uint8Array, events: readonly unknown[]): ChainLink[] {
  const links: ChainLink[] = [];
  let previous = chainGenesis;
  events.forEach((event, index) => {
    previous = chainLink(key, previous, event);
    links.push({ index, hash: previous });
  });
  return links;
}

export function verifyHashChain(
  key: string | Uint8Array,
  events: readonly unknown[],
  links: readonly ChainLink[],
): ChainVerification {
  let previous = chainGenesis;
  const count = Math.max(events.length, links.length);
  for (let index = 0; index < count; index++) {
    const link = links[index];
    if (index >= events.length) {
      return broken(index, "", link?.hash, "chain has a link for an event that is missing");
    }
    const expected = chainLink(key, previous, events[index]);
    if (!link) return broken(index, expected, undefined, "event has no link (chain truncated)");
    if (link.index !== index) {
      return broken(index, expected, link.hash, `link carries index ${link.index}`);
    }
    if (!sameHex(expected, link.hash)) {
      return broken(index, expected, link.hash, "event or link was changed");
    }
    previous = expected;
  }
  return { ok: true, verified: count };

  function broken(index: number, expected: string, actual: string | undefined, reason: string) {
    return { ok: false, verified: index, firstBroken: { index, expected, actual, reason } };
  }
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
