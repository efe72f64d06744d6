import { splitSentences } from "../facets/text-tools.js";

/**
 * Sentences that recur word for word across many conversations ("Can you make it a shorter
 * checklist?") say how people talk, not what they talk about; left in the text that is embedded they
 * pull unrelated topics together. A sentence is recurring when it appears (case, spacing and final
 * punctuation aside) in at least `minShare` of the texts and at least `minCount` of them; such
 * sentences are dropped from the topic text unless nothing would remain.
 */
export interface RecurringOptions {
  minShare?: number;
  minCount?: number;
}

export function sentenceKey(sentence: string): string {
  return sentence
    .toLowerCase()
    .replace(/[\s.!?…。]+$/u, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function findRecurringSentences(
  texts: readonly string[],
  options: RecurringOptions = {},
): Set<string> {
  const minCount = Math.max(
    options.minCount ?? 5,
    Math.ceil((options.minShare ?? 0.05) * texts.length),
  );
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const key of new Set(splitSentences(text).map(sentenceKey))) {
      if (key !== "") counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return new Set([...counts].filter(([, count]) => count >= minCount).map(([key]) => key));
}

/** The text without its recurring sentences (the text itself when nothing else is left). */
export function withoutRecurring(text: string, recurring: ReadonlySet<string>): string {
  if (recurring.size === 0) return text;
  const kept = splitSentences(text).filter((sentence) => !recurring.has(sentenceKey(sentence)));
  return kept.length > 0 ? kept.join(" ") : text;
}
