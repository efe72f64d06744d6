import { capitalize, type FacetText, joinTerms, maxNameWords } from "./label-text.js";

/**
 * Offline names built from the members' task facets (Clio names a cluster as a short imperative
 * task). Among the tasks of the members closest to the centre, the central phrase is the imperative
 * one ("Debug my Python script…", not "I keep dreaming…") that covers the most of the cluster's
 * contrastive c-TF-IDF terms; it keeps only words that at least 2 distinct users wrote, is cut to 7
 * words and never ends on a function word. Contrastive terms missing from it follow in brackets,
 * within 10 words. The description is two sentences made of the same kind of words: what is asked,
 * and which other shared words recur. Every word or number shown comes from ≥ 2 users, so one
 * person's tracking number, surname or wording can never be shown; no word is repeated.
 */
export interface TaskName {
  name: string;
  description: string;
}

const notImperative = new Set(
  "i i'm im my me we our it its this that the a an is are was were do does did why what when which where who how lately sometimes should can could would will there here".split(
    " ",
  ),
);
const weakEndings = new Set(
  "a an the to of for with and or on in at by from my your our their his her as so that which when".split(
    " ",
  ),
);
/** Words our own templates add; they come from no conversation. */
export const templateWords = new Set(
  "requests request to about often also many mention mentions and or common words in these conversations include share no further discuss the of help with".split(
    " ",
  ),
);
const maxPhraseWords = 7;
/** Verbs that open requests; a phrase starting with one is preferred, others read "Help with …". */
const requestVerbs = new Set(
  "add analyse analyze book build buy cancel cheat commit cook download hide launder obfuscate order pay read send sign start track calculate change check choose clean compare convert create debug decide define describe design do draft edit explain find fix format generate get give help identify implement improve install interpret learn list make manage migrate optimise optimize organise organize outline plan prepare protect recommend reduce refactor remove rename report resolve review rewrite run set show solve sort speed split squash stop suggest summarise summarize test train translate troubleshoot understand update use write".split(
    " ",
  ),
);

export function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).map((word) =>
    word.replace(/['’-]+$/u, ""),
  );
}

/** Words and numbers (lower case) that appear in the facets of at least `minUsers` distinct users. */
export function sharedWords(members: readonly FacetText[], minUsers = 2): Set<string> {
  const usersOf = new Map<string, Set<string>>();
  for (const member of members) {
    for (const word of new Set(wordsOf(`${member.summary}\n${member.task}`))) {
      const users = usersOf.get(word) ?? new Set<string>();
      users.add(member.user_key);
      usersOf.set(word, users);
    }
  }
  return new Set([...usersOf].filter(([, users]) => users.size >= minUsers).map(([word]) => word));
}

/** Words of `text` that neither ≥ 2 users wrote nor our templates add. */
export function unsharedWords(text: string, shared: ReadonlySet<string>): string[] {
  return wordsOf(text).filter((word) => !shared.has(word) && !templateWords.has(word));
}

export function buildTaskName(
  central: readonly FacetText[],
  terms: readonly string[],
  shared: ReadonlySet<string>,
  noun = "Requests",
): TaskName | undefined {
  const termSet = new Set(terms.map((term) => term.toLowerCase()));
  let best: { phrase: string[]; score: number } | undefined;
  for (const [rank, member] of central.slice(0, 25).entries()) {
    const phrase = sharedPhrase(member.task, shared);
    if (phrase.length < 2 || notImperative.has((phrase[0] as string).toLowerCase())) continue;
    const covered = phrase.filter((word) => termSet.has(word.toLowerCase())).length;
    const verb = requestVerbs.has((phrase[0] as string).toLowerCase()) ? 2 : 0;
    const score = verb + covered - rank * 0.01;
    if (best === undefined || score > best.score) best = { phrase, score };
  }
  if (best === undefined) return undefined;
  const phrase = requestVerbs.has((best.phrase[0] as string).toLowerCase())
    ? best.phrase
    : ["help", "with", ...best.phrase.slice(0, maxNameWords - 4)];
  const inPhrase = new Set(phrase.map((word) => word.toLowerCase()));
  const missing = terms.slice(0, 4).filter((term) => !inPhrase.has(term.toLowerCase()));
  const room = maxNameWords - phrase.length;
  const extra = room >= 1 ? missing.slice(0, Math.min(2, room)) : [];
  const head = capitalize(phrase.join(" ").replace(/^help with (\p{Ll})/u, "help with $1"));
  const name = extra.length > 0 ? `${head} (${extra.join(", ")})` : head;
  const used = new Set([...inPhrase, ...extra.map((term) => term.toLowerCase())]);
  const rest = terms.filter((term) => !used.has(term.toLowerCase())).slice(0, 4);
  const first = `${noun} to ${phrase.join(" ")}${extra.length > 0 ? `, often about ${joinTerms(extra)}` : ""}.`;
  const second =
    rest.length > 0
      ? `Common words in these conversations also include ${joinTerms(rest)}.`
      : "These conversations share no further common words.";
  return { name, description: `${first} ${second}` };
}

const clauseBreaks = new Set(
  "that which so when because if it and but since where who while after before".split(" "),
);
const possessives = new Set(["my", "your", "our", "their"]);

/**
 * The task's words that ≥ 2 users wrote, up to the first clause break or comma (once it has 3
 * words), possessives and repeated words dropped, cut to 7, not ending on a function word.
 */
function sharedPhrase(task: string, shared: ReadonlySet<string>): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const raw of task.replace(/…$/u, "").split(/\s+/)) {
    const word = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    const key = word.toLowerCase();
    if (words.length >= 3 && clauseBreaks.has(key)) break;
    if (possessives.has(key)) continue;
    if (word === "") continue;
    // A word only one user wrote ends the phrase once it has 3 words (dropping it would break the grammar).
    if (!shared.has(key)) {
      if (words.length >= 3) break;
      continue;
    }
    if (seen.has(key) && !weakEndings.has(key)) continue;
    seen.add(key);
    words.push(
      key === word.toLowerCase() && /^\p{Lu}\p{Ll}/u.test(word) && words.length === 0 ? key : word,
    );
    if (words.length >= maxPhraseWords) break;
    if (words.length >= 3 && /,$/.test(raw)) break;
  }
  while (words.length > 0 && weakEndings.has((words.at(-1) as string).toLowerCase())) words.pop();
  return words;
}
