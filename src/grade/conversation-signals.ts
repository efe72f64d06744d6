import type { Step, Trace } from "../core/trace.js";

/**
 * What the offline conversation judge measures, read from a conversation Trace's message steps
 * (never its `meta`). A turn is a run of consecutive user messages; it is answered when an
 * assistant message with text follows before the next user message. Step indexes are kept so
 * every observation can point at the message behind it.
 */
export interface ConversationSignals {
  messages: number;
  userTurns: number;
  answeredTurns: number;
  /** Step index of the first user message of each unanswered turn. */
  unansweredAt: number[];
  replies: number;
  /** Who spoke last: "assistant", "user", "system" or "none". */
  lastActor: string;
  emptyAt: number[];
  truncatedAt: number[];
  /** A reply of a few words to a long user message. */
  terseAt: number[];
  refusalAt: number[];
  /** A reply repeating an earlier reply word for word. */
  repeatedAt: number[];
  /** A reply that only repeats the user's message. */
  echoAt: number[];
}

/** Under this many words a reply is terse when the request had at least `longRequestWords`. */
export const terseReplyWords = 4;
export const longRequestWords = 20;

// English phrasings of a refusal; other languages are not detected (the judge says so).
const refusalPatterns = [
  /\bi(?:'m| am)? (?:sorry,? )?(?:but )?(?:i )?(?:can(?:no|')t|cannot|am unable to|'m unable to|won't be able to|am not able to|'m not able to) (?:help|assist|provide|do that|comply|answer|share|support)/i,
  /\bas an ai(?: language model)?\b/i,
  /\bi(?:'m| am) sorry,? but (?:i|that)\b/i,
  /\b(?:i must|i have to) (?:decline|refuse)\b/i,
];

// Words a finished sentence does not end on: a reply ending on one was cut off.
const danglingWords = new Set(["and", "or", "but", "the", "a", "an", "to", "of", "with", "for"]);

export function measureConversation(trace: Trace): ConversationSignals {
  const messages = trace.steps.filter((step) => step.kind === "message");
  const signals: ConversationSignals = {
    messages: messages.length,
    userTurns: 0,
    answeredTurns: 0,
    unansweredAt: [],
    replies: 0,
    lastActor: messages.at(-1)?.actor ?? "none",
    emptyAt: [],
    truncatedAt: [],
    terseAt: [],
    refusalAt: [],
    repeatedAt: [],
    echoAt: [],
  };
  const seenReplies = new Set<string>();
  let openTurn: Step | undefined;
  let assistantSinceTurn = false;
  let lastUser: Step | undefined;
  for (const step of messages) {
    const text = step.text ?? "";
    if (step.actor === "user") {
      // Only empty replies came since this turn began: it stays unanswered, a new one begins.
      if (openTurn !== undefined && assistantSinceTurn) {
        signals.unansweredAt.push(openTurn.index);
        openTurn = undefined;
      }
      if (openTurn === undefined) {
        signals.userTurns += 1;
        openTurn = step;
        assistantSinceTurn = false;
      }
      lastUser = step;
      continue;
    }
    if (step.actor !== "assistant") continue;
    signals.replies += 1;
    assistantSinceTurn = true;
    const normal = normalise(text);
    if (normal === "") {
      signals.emptyAt.push(step.index);
      continue;
    }
    if (openTurn !== undefined) {
      signals.answeredTurns += 1;
      openTurn = undefined;
    }
    if (looksTruncated(text)) signals.truncatedAt.push(step.index);
    if (lastUser !== undefined && isTerse(normal, normalise(lastUser.text ?? "")))
      signals.terseAt.push(step.index);
    if (refusalPatterns.some((pattern) => pattern.test(text))) signals.refusalAt.push(step.index);
    if (seenReplies.has(normal)) signals.repeatedAt.push(step.index);
    else if (lastUser !== undefined && normal === normalise(lastUser.text ?? ""))
      signals.echoAt.push(step.index);
    seenReplies.add(normal);
  }
  if (openTurn !== undefined) signals.unansweredAt.push(openTurn.index);
  return signals;
}

function normalise(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

function looksTruncated(text: string): boolean {
  const fences = text.match(/```/g)?.length ?? 0;
  if (fences % 2 === 1) return true;
  const end = text.trimEnd();
  if (/[,;:(\-–]$/.test(end)) return true;
  const lastWord = end.split(/\s+/).at(-1)?.toLowerCase() ?? "";
  return danglingWords.has(lastWord);
}

function isTerse(reply: string, request: string): boolean {
  return wordCount(reply) < terseReplyWords && wordCount(request) >= longRequestWords;
}

function wordCount(text: string): number {
  return text === "" ? 0 : text.split(" ").length;
}
