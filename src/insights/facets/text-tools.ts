/** Small text utilities for the offline facet algorithms (no I/O, no state). */

const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;

/** Lower-cased word tokens; numbers and words of one letter are dropped. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.toLowerCase().matchAll(wordPattern)) {
    const token = match[0];
    if (token.length > 1 && !/^\d+$/.test(token)) tokens.push(token);
  }
  return tokens;
}

/** Splits prose into sentences; code blocks are dropped (they are not what the person asked). */
export function splitSentences(text: string): string[] {
  const prose = stripCode(text);
  const sentences: string[] = [];
  for (const block of prose.split(/\n\s*\n|\n(?=\s*[-*•]\s)/)) {
    const flat = block.replace(/\s+/g, " ").trim();
    if (flat === "") continue;
    for (const part of flat.split(/(?<=[.!?¿¡…])\s+(?=[\p{Lu}¿¡"«])/u)) {
      const sentence = part.trim();
      if (sentence.length > 0) sentences.push(sentence);
    }
  }
  return sentences;
}

export function stripCode(text: string): string {
  return text
    .replace(/```[\s\S]*?(```|$)/g, " ")
    .replace(/`[^`\n]*`/g, (code) => code.slice(1, -1));
}

/** Sentence vectors by TF-IDF (smoothed idf over the given sentences), L2-normalised. */
export function tfidfVectors(sentences: readonly string[][]): Map<string, number>[] {
  const documentFrequency = new Map<string, number>();
  for (const tokens of sentences) {
    for (const token of new Set(tokens)) {
      documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
    }
  }
  const count = sentences.length;
  return sentences.map((tokens) => {
    const vector = new Map<string, number>();
    for (const token of tokens) vector.set(token, (vector.get(token) ?? 0) + 1);
    let norm = 0;
    for (const [token, frequency] of vector) {
      const idf = Math.log((1 + count) / (1 + (documentFrequency.get(token) ?? 0))) + 1;
      const weight = frequency * idf;
      vector.set(token, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [token, weight] of vector) vector.set(token, weight / norm);
    return vector;
  });
}

export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [token, weight] of small) dot += weight * (large.get(token) ?? 0);
  return dot;
}

/** Cuts at a word boundary and marks the cut with an ellipsis. */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > maxChars * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}
