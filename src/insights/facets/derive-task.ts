import { splitSentences, tokenize, truncateText } from "./text-tools.js";

/**
 * The offline "task": a short imperative phrase from the first user request. Polite wrappers
 * ("Hi! Could you help me …", "Pouvez-vous m'aider à …", "¿Puedes …", "Kannst du mir helfen, …")
 * are peeled off so what remains starts with the verb or the object of the request.
 */
const greeting =
  /^(?:hi|hello|hey|good (?:morning|afternoon|evening)|bonjour|bonsoir|salut|coucou|hola|buenos días|buenas(?: tardes| noches)?|hallo|guten (?:tag|morgen|abend)|moin|servus)(?: there| à tous| a todos| zusammen)?\b[\s,!.:;-]*/iu;

const wrappers: [RegExp, string][] = [
  [/^(?:please|s'il vous plaît|s’il vous plaît|por favor|bitte)[,\s]+/iu, ""],
  [/^(?:can|could|would|will) you (?:please )?(?:help me (?:to )?)?/iu, ""],
  [
    /^(?:i need|i'd like|i would like|i want|i'm looking for) (?:some )?help (?:with|on|to) /iu,
    "Help with ",
  ],
  [/^(?:i need|i want|i'd like|i would like|i'm trying|i am trying) (?:you )?to /iu, ""],
  [/^help me (?:to )?/iu, ""],
  [/^how (?:do|can|should|would) (?:i|we|you) /iu, ""],
  [/^(?:what's|what is) the best way to /iu, ""],
  [/^is (?:there|it possible) (?:a way )?to /iu, ""],
  [
    /^(?:pouvez-vous|peux-tu|pourriez-vous|pourrais-tu|tu peux|vous pouvez) (?:m'aider à |m’aider à |m'aider avec |m’aider avec )?/iu,
    "",
  ],
  [
    /^(?:j'ai besoin d'aide pour|j’ai besoin d’aide pour|j'ai besoin de|j’ai besoin de|aidez-moi à|aide-moi à) /iu,
    "",
  ],
  [/^comment (?:puis-je|je peux|faire pour|est-ce que je peux) /iu, ""],
  [/^je (?:voudrais|veux|souhaite|cherche à|aimerais) /iu, ""],
  [/^¿?(?:puedes|podrías|me puedes|me podrías|podrías) (?:ayudarme (?:a|con) )?/iu, ""],
  [/^¿?(?:cómo|como) (?:puedo|hago para|se puede) /iu, ""],
  [/^(?:necesito|quiero|quisiera|me gustaría) (?:ayuda (?:para|con) )?/iu, ""],
  [/^(?:kannst du|können sie|könntest du|könnten sie) (?:mir )?(?:bitte )?(?:helfen,? )?/iu, ""],
  [/^wie (?:kann|könnte|soll) ich /iu, ""],
  [/^ich (?:möchte|will|würde gerne|brauche hilfe bei|brauche) /iu, ""],
];

const maxTaskWords = 12;
const maxTaskChars = 90;

export function deriveTask(firstUserMessage: string | undefined): string {
  if (firstUserMessage === undefined || firstUserMessage.trim() === "") {
    return "Conversation without a user request";
  }
  const sentences = splitSentences(firstUserMessage);
  // The first substantive sentence: a later question ("How can I speed it up?") leans on it.
  const request =
    sentences.find((sentence) => tokenize(stripGreeting(sentence)).length >= 3) ??
    sentences[0] ??
    firstUserMessage;
  let phrase = stripGreeting(request);
  for (let pass = 0; pass < 2; pass += 1) {
    for (const [pattern, replacement] of wrappers) phrase = phrase.replace(pattern, replacement);
  }
  phrase = phrase
    .replace(/^[¿¡\s,]+/u, "")
    .replace(/[?？!.…:;,\s]+$/u, "")
    .trim();
  if (phrase === "")
    phrase = stripGreeting(request)
      .replace(/[?!.]+$/, "")
      .trim();
  if (phrase === "") return "Conversation without a user request";
  const words = phrase.split(/\s+/);
  const short = words.length > maxTaskWords ? `${words.slice(0, maxTaskWords).join(" ")}…` : phrase;
  const capped = truncateText(short, maxTaskChars);
  return capped.charAt(0).toLocaleUpperCase() + capped.slice(1);
}

function stripGreeting(sentence: string): string {
  return sentence.replace(greeting, "").trim();
}
