/**
 * Small, dependency-free text helpers shared by the duplicate and contamination checks. Hashes
 * are fixed-seed FNV-1a / integer mixes so every run produces identical signatures.
 */

/** Lowercase, punctuation stripped, split on whitespace: the normal form both checks compare. */
export function normalizedWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, " ")
    .split(/\s+/)
    .filter((word) => word.length > 0);
}

const letterOrDigit = /[\p{L}\p{N}]/u;

/**
 * The FNV-1a hash of each word of `normalizedWords(text)`, without building the words: one pass
 * over the text, ASCII handled by code ranges and anything else by a Unicode class test. The
 * near-duplicate check runs this on every exported record, so it avoids the regex pipeline.
 */
export function normalizedWordHashes(text: string): number[] {
  const hashes: number[] = [];
  let hash = 0x811c9dc5;
  let inWord = false;
  const mixUnit = (unit: number) => {
    hash ^= unit;
    hash = Math.imul(hash, 0x01000193);
  };
  for (let index = 0; index < text.length; index++) {
    let unit = text.charCodeAt(index);
    if (unit < 0x80) {
      if (unit >= 0x41 && unit <= 0x5a) unit += 0x20;
      else if (!((unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39))) {
        if (inWord) hashes.push(hash >>> 0);
        inWord = false;
        hash = 0x811c9dc5;
        continue;
      }
      mixUnit(unit);
      inWord = true;
      continue;
    }
    // A surrogate pair is one character: test and lowercase it whole.
    const wide = unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length;
    const character = wide ? text.slice(index, index + 2) : (text[index] as string);
    if (wide) index++;
    if (!letterOrDigit.test(character)) {
      if (inWord) hashes.push(hash >>> 0);
      inWord = false;
      hash = 0x811c9dc5;
      continue;
    }
    const lower = character.toLowerCase();
    for (let at = 0; at < lower.length; at++) mixUnit(lower.charCodeAt(at));
    inWord = true;
  }
  if (inWord) hashes.push(hash >>> 0);
  return hashes;
}

/** 32-bit FNV-1a over UTF-16 code units with a caller-chosen seed (offset basis). */
export function fnv1a32(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** A 32-bit avalanche mix (murmur3 finaliser): turns one shingle hash into many independent ones. */
export function mix32(value: number): number {
  let hash = value >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A 52-bit hash (two independent FNV streams) so a Set<number> of n-grams has negligible collisions. */
export function hash52(text: string): number {
  const high = fnv1a32(text, 0x811c9dc5) & 0x1fffff;
  const low = fnv1a32(text, 0x050c5d1f);
  return high * 0x100000000 + low;
}

/** Word n-grams of the normalised text, joined by single spaces; none when the text is shorter. */
export function wordNgrams(words: readonly string[], size: number): string[] {
  const grams: string[] = [];
  for (let start = 0; start + size <= words.length; start++) {
    grams.push(words.slice(start, start + size).join(" "));
  }
  return grams;
}
