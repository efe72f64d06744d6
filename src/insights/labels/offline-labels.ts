import { classTfidf } from "./ctfidf.js";
import { capitalize, type FacetText, joinTerms } from "./label-text.js";
import { tokenize } from "./stopwords.js";
import { buildTaskName, sharedWords, unsharedWords } from "./task-names.js";

/**
 * `offline:task-ctfidf/v2`: each class named after its members' central task phrase (task-names.ts),
 * with its contrastive c-TF-IDF terms; when no member's task gives an imperative phrase of shared
 * words, named from its top c-TF-IDF terms (summaries and tasks of its
 * members against all other classes); the description adds the next terms and the task of the
 * member closest to the centre, used only when every content word of it is shared by at least two
 * users of the class. Deterministic, no model.
 */
export const offlineLabeler = "offline:task-ctfidf/v2";

export interface OfflineLabel {
  name: string;
  description: string;
  top_terms: string[];
}

export function offlineLabels(
  classes: { members: string[] }[],
  facets: Map<string, FacetText>,
  options: { minUsers?: number; noun?: string; taskNoun?: string } = {},
): OfflineLabel[] {
  const documents = classes.map((entry) =>
    entry.members.flatMap((id) => {
      const facet = facets.get(id);
      return facet ? [{ text: `${facet.summary}\n${facet.task}`, userKey: facet.user_key }] : [];
    }),
  );
  const terms = classTfidf(documents, { minUsers: options.minUsers ?? 2, top: 8 });
  const noun = options.noun ?? "Conversations";
  return classes.map((entry, index) => {
    const classTerms = terms[index];
    const top = (classTerms?.terms ?? []).map((term) => term.label);
    if (top.length === 0) {
      return {
        name: "Miscellaneous requests",
        description: `${noun} without words shared by enough different users to name them.`,
        top_terms: [],
      };
    }
    const members = entry.members.flatMap((id) => {
      const facet = facets.get(id);
      return facet ? [facet] : [];
    });
    const shared = sharedWords(members, options.minUsers ?? 2);
    const named = buildTaskName(members, top, shared, options.taskNoun ?? "Requests");
    if (named && unsharedWords(`${named.name} ${named.description}`, shared).length === 0) {
      return { ...named, top_terms: top };
    }
    const name = capitalize(joinTerms(top.slice(0, 3)));
    const more = top.slice(3, 6);
    const example = representativeTask(entry.members, facets, classTerms?.sharedVocabulary);
    const sentences = [
      `${noun} about ${joinTerms(top.slice(0, 3))}${more.length ? `, often also ${joinTerms(more)}` : ""}.`,
      // Numbers count too: one user's "week 6" or tracking number never reaches a description.
      ...(example && unsharedWords(example, shared).length === 0
        ? [`A typical request: ${example}.`]
        : []),
    ];
    return { name, description: sentences.join(" "), top_terms: top };
  });
}

function representativeTask(
  members: string[],
  facets: Map<string, FacetText>,
  shared: Set<string> | undefined,
): string | undefined {
  if (!shared) return undefined;
  for (const id of members.slice(0, 20)) {
    const task = facets
      .get(id)
      ?.task.trim()
      .replace(/[.!?\s]+$/, "");
    // A truncated task ("…") or one with a redaction marker does not read as an example.
    if (!task || task.length > 120 || /\[REDACTED|…/.test(task)) continue;
    const words = tokenize(task);
    if (words.length > 0 && words.every((word) => shared.has(word))) return lowerFirst(task);
  }
  return undefined;
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[A-Z][a-z]/.test(text)
    ? text[0]!.toLowerCase() + text.slice(1)
    : text;
}
