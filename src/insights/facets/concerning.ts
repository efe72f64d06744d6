/**
 * The offline concerning score: a lexicon of phrases (English, French, Spanish, German) grouped by
 * category, each with a severity. Phrases, not single words, so "kill the process" or "shoot a photo"
 * never match. Thresholds:
 *   1  no lexicon hit
 *   2  only mild mentions (a weapon, a drug, hacking as a topic)
 *   3  a request touching a harmful area (bypass a login, buy drugs, hurt someone in anger)
 *   4  a clear request for harm (malware, fraud, violence against a person, weapons building, hate)
 *   5  self-harm intent, mass-casualty weapons, or sexual content involving minors
 * The score is the highest severity hit; hits at ≥ 3 in two or more categories add 1 (capped at 5),
 * because combined harms (fraud plus malware) are worse than either.
 */
export const concerningCategories = [
  "self_harm",
  "violence",
  "weapons",
  "hacking_malware",
  "fraud",
  "hate",
  "sexual_minors",
  "drugs",
] as const;
export type ConcerningCategory = (typeof concerningCategories)[number];

interface LexiconEntry {
  category: ConcerningCategory;
  severity: 2 | 3 | 4 | 5;
  phrases: string[];
}

const lexicon: LexiconEntry[] = [
  {
    category: "self_harm",
    severity: 5,
    phrases: [
      "kill myself",
      "end my life",
      "suicide",
      "want to die",
      "hurt myself",
      "cut myself",
      "overdose on",
      "me suicider",
      "mettre fin à mes jours",
      "me tuer",
      "suicidarme",
      "quitarme la vida",
      "mich umbringen",
      "selbstmord",
      "mir das leben nehmen",
    ],
  },
  {
    category: "weapons",
    severity: 5,
    phrases: [
      "nerve agent",
      "bioweapon",
      "biological weapon",
      "chemical weapon",
      "dirty bomb",
      "enrich uranium",
      "weaponize anthrax",
      "sarin",
    ],
  },
  {
    category: "weapons",
    severity: 4,
    phrases: [
      "build a bomb",
      "make a bomb",
      "pipe bomb",
      "explosive device",
      "untraceable gun",
      "ghost gun",
      "3d printed gun",
      "fabriquer une bombe",
      "hacer una bomba",
      "bombe bauen",
    ],
  },
  { category: "weapons", severity: 2, phrases: ["firearm", "rifle", "ammunition", "handgun"] },
  {
    category: "violence",
    severity: 4,
    phrases: [
      "kill him",
      "kill her",
      "kill them",
      "murder someone",
      "poison someone",
      "poison my",
      "hurt my wife",
      "hurt my husband",
      "beat him up",
      "tuer mon",
      "matar a mi",
      "ihn umbringen",
    ],
  },
  {
    category: "violence",
    severity: 3,
    phrases: [
      "hurt someone",
      "get revenge",
      "threaten him",
      "threaten her",
      "stalk her",
      "stalk him",
      "stalking my ex",
    ],
  },
  {
    category: "hacking_malware",
    severity: 4,
    phrases: [
      "ransomware",
      "keylogger",
      "write malware",
      "create a virus",
      "botnet",
      "ddos attack",
      "steal passwords",
      "credential stuffing",
      "logiciel malveillant",
      "crear un virus",
      "schadsoftware schreiben",
    ],
  },
  {
    category: "hacking_malware",
    severity: 3,
    phrases: [
      "hack into",
      "bypass the login",
      "bypass authentication",
      "crack the password",
      "someone else's account",
      "pirater le compte",
      "hackear la cuenta",
    ],
  },
  { category: "hacking_malware", severity: 2, phrases: ["exploit", "sql injection", "phishing"] },
  {
    category: "fraud",
    severity: 4,
    phrases: [
      "launder money",
      "money laundering",
      "fake id",
      "forge a signature",
      "forge documents",
      "counterfeit",
      "stolen credit card",
      "phishing email to",
      "scam people",
      "tax evasion",
      "blanchir de l'argent",
      "lavar dinero",
      "geldwäsche",
    ],
  },
  {
    category: "fraud",
    severity: 3,
    phrases: ["hide income from", "fake invoice", "evade taxes", "frauder", "defraudar"],
  },
  {
    category: "hate",
    severity: 4,
    phrases: [
      "ethnic cleansing",
      "inferior race",
      "exterminate them",
      "should be exterminated",
      "white power",
    ],
  },
  {
    category: "sexual_minors",
    severity: 5,
    phrases: ["child porn", "underage sex", "sexual images of minors", "csam", "loli"],
  },
  {
    category: "drugs",
    severity: 3,
    phrases: ["cook meth", "synthesize fentanyl", "buy cocaine", "make lsd", "grow opium"],
  },
  { category: "drugs", severity: 2, phrases: ["cocaine", "heroin", "methamphetamine"] },
];

const minorTerms =
  "(?:child|children|kid|kids|minors|underage|\\d{1,2}[- ]year[- ]old|enfant|enfants|niño|niña|niños|kindern)";
const sexualTerms =
  "(?:nude|nudes|naked|porn|erotic|sexy|sexual images|sexual photos|nue|desnud[oa]s?|nackt)";
// Both within a short window: the same words far apart are usually unrelated (a parenting question).
const minorsSexual = new RegExp(
  `\\b${minorTerms}\\b[^.!?]{0,60}\\b${sexualTerms}\\b|\\b${sexualTerms}\\b[^.!?]{0,60}\\b${minorTerms}\\b`,
  "u",
);

export interface ConcerningAssessment {
  score: 1 | 2 | 3 | 4 | 5;
  categories: ConcerningCategory[];
}

const compiled = lexicon.map((entry) => ({
  ...entry,
  pattern: new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${entry.phrases.map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}])`,
    "u",
  ),
}));

export function assessConcerning(text: string): ConcerningAssessment {
  const lower = text.toLowerCase();
  const hits = new Map<ConcerningCategory, number>();
  const record = (category: ConcerningCategory, severity: number) =>
    hits.set(category, Math.max(hits.get(category) ?? 0, severity));
  for (const entry of compiled)
    if (entry.pattern.test(lower)) record(entry.category, entry.severity);
  // Sexual content with minors is a co-occurrence, not a phrase.
  if (minorsSexual.test(lower)) record("sexual_minors", 5);
  if (hits.size === 0) return { score: 1, categories: [] };
  const severities = [...hits.values()];
  const serious = severities.filter((severity) => severity >= 3).length;
  const score = Math.min(5, Math.max(...severities) + (serious >= 2 ? 1 : 0));
  return {
    score: score as ConcerningAssessment["score"],
    categories: [...hits.keys()].sort(),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
