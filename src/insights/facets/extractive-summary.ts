import { cosine, splitSentences, tfidfVectors, tokenize, truncateText } from "./text-tools.js";

/**
 * The offline summary: the most central user sentences. Each sentence is a TF-IDF vector over the
 * conversation's own sentences; centrality is the mean cosine to the other sentences plus the cosine
 * to the centroid, with a small bonus for earlier sentences (the opening request usually states the
 * task). Sentences are taken best first until the budget is spent and shown in their original order.
 */
export const summaryMaxChars = 200;
const minimumTokens = 3;
const positionBonus = 0.15;

export function extractiveSummary(
  userTexts: readonly string[],
  maxChars = summaryMaxChars,
): string {
  const sentences = userTexts.flatMap((text) => splitSentences(text));
  if (sentences.length === 0) return "";
  const tokens = sentences.map((sentence) => tokenize(sentence));
  const candidates = sentences
    .map((sentence, index) => ({ sentence, index, tokens: tokens[index] ?? [] }))
    .filter((candidate) => candidate.tokens.length >= minimumTokens);
  const pool =
    candidates.length > 0
      ? candidates
      : sentences.map((sentence, index) => ({ sentence, index, tokens: tokens[index] ?? [] }));
  if (pool.length === 1) return truncateText(pool[0]?.sentence ?? "", maxChars);

  const vectors = tfidfVectors(pool.map((candidate) => candidate.tokens));
  const centroid = new Map<string, number>();
  for (const vector of vectors) {
    for (const [token, weight] of vector) centroid.set(token, (centroid.get(token) ?? 0) + weight);
  }
  let norm = 0;
  for (const weight of centroid.values()) norm += weight * weight;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [token, weight] of centroid) centroid.set(token, weight / norm);

  const scored = pool.map((candidate, position) => {
    const vector = vectors[position] ?? new Map<string, number>();
    let similarity = 0;
    for (let other = 0; other < vectors.length; other += 1) {
      if (other !== position) similarity += cosine(vector, vectors[other] ?? new Map());
    }
    const score =
      similarity / (vectors.length - 1) +
      cosine(vector, centroid) +
      positionBonus * (1 - position / pool.length);
    return { ...candidate, score };
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);

  const chosen: typeof scored = [];
  let used = 0;
  for (const candidate of scored) {
    const cost = candidate.sentence.length + (chosen.length > 0 ? 1 : 0);
    if (chosen.length > 0 && used + cost > maxChars) continue;
    chosen.push(candidate);
    used += cost;
    if (used >= maxChars) break;
  }
  chosen.sort((a, b) => a.index - b.index);
  return truncateText(chosen.map((candidate) => candidate.sentence).join(" "), maxChars);
}
