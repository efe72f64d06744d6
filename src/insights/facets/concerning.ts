/**
 * The offline concerning score: a lexicon of phrases (English, French, Spanish, German) grouped by
 * category, each with a severity. Phrases, not single words, so "kill the process" or "shoot a photo"
 * never match. Thresholds:
 *   1  no lexicon hit
 *   2  only mild mentions (a weapon, a drug, hacking as a topic)
 *   3  a request touching a harmful area (bypass a login, buy drugs, hurt someone in anger)
 *   3  also: academic cheating (submitting others' work as one's own, cheating on exams)
 *   4  a clear request for harm (malware, antivirus evasion, fraud, phishing, violence against a
 *      person, weapons building, hate, extremist propaganda or recruitment)
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
  "extremism",
  "phishing",
  "academic_cheating",
] as const;
export type ConcerningCategory = (typeof concerningCategories)[number];

interface LexiconEntry {
  category: ConcerningCategory;
  severity: 2 | 3 | 4 | 5;
  phrases: string[];
  /** Regular-expression sources (matched on lower-cased text) for inflected or split phrases. */
  patterns?: string[];
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
    patterns: [
      "\\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|starve|starving)\\s+myself\\b",
      "\\bself[- ]?harm(?:ing)?\\b",
      "\\bsuicidal\\b",
      "\\bthoughts? (?:of|about) (?:dying|ending it)\\b",
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
  {
    category: "hacking_malware",
    severity: 4,
    phrases: [
      "remote access trojan",
      "credential stealer",
      "crypter",
      "disable windows defender",
      "disable the antivirus",
      "disable real-time protection",
    ],
    patterns: [
      // antivirus evasion: making something undetectable, hiding it from or getting it past a scanner
      "\\b(?:undetectable|undetected|evade|evading|bypass|bypassing|hide|hides|hiding|avoid|avoiding)\\b[^.!?]{0,40}\\b(?:antivirus|anti-virus|defender|edr|av)\\b",
      "\\b(?:antivirus|defender|av)\\b[^.!?]{0,30}\\b(?:does not|doesn't|won't|will not|never) (?:flag|detect|catch)",
      "\\bobfuscat\\w*\\b[^.!?]{0,40}\\b(?:malware|payload|trojan|virus|keylogger|ransomware)\\b",
      "\\b(?:malware|payload|trojan|virus|keylogger|ransomware)\\b[^.!?]{0,40}\\b(?:undetectable|obfuscat\\w*|packer)\\b",
    ],
  },
  { category: "hacking_malware", severity: 2, phrases: ["exploit", "sql injection"] },
  { category: "phishing", severity: 2, phrases: ["phishing"] },
  {
    category: "phishing",
    severity: 4,
    phrases: ["fake login page", "harvest credentials", "steal credentials", "spoofed email"],
    patterns: [
      "\\b(?:write|draft|create|make|design)\\b[^.!?]{0,30}\\bphishing\\b",
      "\\bphishing (?:email|e-mail|page|site|text|sms|message|kit|campaign)s?\\b",
      "\\b(?:pretending|pretend|posing|impersonat\\w*)\\b[^.!?]{0,40}\\b(?:password|login|credentials|account details|card details)\\b",
      "\\b(?:fake|spoofed|convincing)\\b[^.!?]{0,50}\\b(?:email|e-mail|alert|message)\\b[^.!?]{0,50}\\b(?:password|login|credentials)",
      "\\b(?:collect|collects|steal|steals|capture|captures)\\b[^.!?]{0,20}\\b(?:account )?passwords?\\b",
      "\\bso (?:people|they|users|customers) (?:click|enter|type)\\b",
    ],
  },
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
    severity: 4,
    phrases: [
      "refund fraud",
      "insurance fraud",
      "fake insurance claim",
      "credit card fraud",
      "identity theft",
      "carding",
      "commit fraud",
      "ponzi scheme",
    ],
    patterns: [
      "\\bstolen (?:credit |debit )?card (?:numbers|details|data)\\b",
      "\\bfake (?:insurance )?claim\\b",
      "\\b(?:commit|committing)\\b[^.!?]{0,20}\\bfraud\\b",
      "\\blaunder\\w*\\b[^.!?]{0,20}\\bmoney\\b",
      "\\bwithout getting caught\\b",
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
    category: "extremism",
    severity: 4,
    phrases: [
      "armed struggle",
      "jihadist",
      "neo-nazi",
      "white genocide",
      "recruitment post for",
      "glorifying attacks",
    ],
    patterns: [
      "\\bpropaganda\\b[^.!?]{0,60}\\b(?:attack|attacks|isis|jihad\\w*|militia|nazi|terror\\w*|martyr\\w*)",
      "\\b(?:glorify|glorifying|praising|praise)\\b[^.!?]{0,40}\\b(?:attack|attacks|isis|terror\\w*|militia|nazi|massacre|shooter)",
      "\\b(?:recruit\\w*)\\b[^.!?]{0,40}\\b(?:isis|jihad\\w*|militia|nazi|armed struggle|extremist)",
      "\\bmanifesto\\b[^.!?]{0,60}\\bviolence\\b",
      "\\bcalling for violence\\b",
      "\\b(?:extremist|terrorist) propaganda\\b",
    ],
  },
  { category: "extremism", severity: 2, phrases: ["propaganda", "extremist", "radicalization"] },
  {
    category: "academic_cheating",
    severity: 3,
    phrases: ["bypass turnitin", "cheat on my", "cheat in my"],
    patterns: [
      "\\bsubmit (?:it )?as my own\\b",
      "\\b(?:pass|beat|fool|get past) the (?:plagiarism check\\w*|proctoring software)\\b",
      "\\bwithout the proctoring software (?:noticing|seeing|detecting)\\b",
      "\\bhand it in under my (?:own )?name\\b",
      "\\b(?:turnitin|plagiarism checker|plagiarism detector)\\b[^.!?]{0,30}\\b(?:not|never|won't|will not)\\b[^.!?]{0,10}\\b(?:detect|flag|notice)",
      "\\b(?:not|never|won't|will not) (?:detect|flag|notice)\\b[^.!?]{0,30}\\b(?:plagiarism|turnitin)",
      "\\bcheat(?:ing)? on (?:my|the|an) (?:\\w+ )?(?:exam|test|quiz|assignment)\\b",
      "\\bdo my (?:\\w+ )?(?:homework|assignment|exam)\\b[^.!?]{0,40}\\b(?:graded|due|for me)\\b",
      "\\b(?:write|do) my (?:\\w+ )?(?:homework|assignment|essay|exam) for me\\b",
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
    [
      ...(entry.phrases.length > 0
        ? [`(?<![\\p{L}\\p{N}])(?:${entry.phrases.map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}])`]
        : []),
      ...(entry.patterns ?? []),
    ].join("|"),
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
