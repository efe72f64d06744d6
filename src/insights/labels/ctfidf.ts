import { surfaceTokens } from "./stopwords.js";

/**
 * Class-based TF-IDF (as in BERTopic): all documents of a class are one document; a term's weight
 * in class c is tf(t, c) · log(1 + A / f(t)), where tf is the term's share of the class's words,
 * A the average number of words per class and f(t) the term's count over all classes. A term is
 * eligible for a class only when at least `minUsers` distinct users of that class, and at least
 * `minShare` of its users, wrote it: a word from one person (a name, a place) can never name a
 * cluster, and neither can a rare word a couple of people happen to share in a large cluster.
 */
export interface ClassDocument {
  text: string;
  userKey: string;
}

export interface ClassTerms {
  /** `label` is the term's most frequent spelling in the class ("SQL", "Istanbul", "recipe"). */
  terms: { term: string; label: string; score: number; users: number }[];
  /** Terms (of any score) used by at least `minUsers` distinct users in the class. */
  sharedVocabulary: Set<string>;
}

export function classTfidf(
  classes: ClassDocument[][],
  options: { minUsers?: number; minShare?: number; top?: number } = {},
): ClassTerms[] {
  const minShare = options.minShare ?? 0.15;
  const top = options.top ?? 10;
  const counts = classes.map(() => new Map<string, number>());
  const users = classes.map(() => new Map<string, Set<string>>());
  const totals = classes.map(() => 0);
  const spellings = classes.map(() => new Map<string, Map<string, number>>());
  const overall = new Map<string, number>();
  classes.forEach((documents, index) => {
    for (const document of documents) {
      for (const { term: token, surface } of surfaceTokens(document.text)) {
        const classSpellings = spellings[index] as Map<string, Map<string, number>>;
        const forms = classSpellings.get(token) ?? new Map<string, number>();
        // Sentence-initial capitals are outnumbered by the word's other uses; proper nouns are not.
        forms.set(surface, (forms.get(surface) ?? 0) + 1);
        classSpellings.set(token, forms);
        const classCounts = counts[index] as Map<string, number>;
        classCounts.set(token, (classCounts.get(token) ?? 0) + 1);
        overall.set(token, (overall.get(token) ?? 0) + 1);
        totals[index] = (totals[index] as number) + 1;
        const classUsers = users[index] as Map<string, Set<string>>;
        const set = classUsers.get(token) ?? new Set<string>();
        set.add(document.userKey);
        classUsers.set(token, set);
      }
    }
  });
  const average = totals.reduce((sum, total) => sum + total, 0) / Math.max(1, classes.length);
  return classes.map((_, index) => {
    const classCounts = counts[index] as Map<string, number>;
    const classUsers = users[index] as Map<string, Set<string>>;
    const total = Math.max(1, totals[index] as number);
    const classUserCount = new Set((classes[index] ?? []).map((document) => document.userKey)).size;
    const minUsers = Math.max(options.minUsers ?? 2, Math.ceil(minShare * classUserCount));
    const shared = new Set<string>();
    const scored: ClassTerms["terms"] = [];
    for (const [term, count] of classCounts) {
      const userCount = classUsers.get(term)?.size ?? 0;
      if (userCount < minUsers) continue;
      shared.add(term);
      const idf = Math.log(1 + average / (overall.get(term) ?? 1));
      scored.push({
        term,
        label: commonest(spellings[index]?.get(term)) ?? term,
        score: (count / total) * idf,
        users: userCount,
      });
    }
    scored.sort((a, b) => b.score - a.score || a.term.localeCompare(b.term));
    return { terms: scored.slice(0, top), sharedVocabulary: shared };
  });
}

/** The most frequent spelling; a capitalised form wins only when it is at least as frequent as the lower-case one. */
function commonest(forms: Map<string, number> | undefined): string | undefined {
  if (!forms) return undefined;
  return [...forms.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))[0]?.[0];
}
