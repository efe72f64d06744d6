import type { Trace } from "../core/trace.js";
import type { ConversationDimension } from "./conversation-rubric.js";
import { type ConversationSignals, measureConversation } from "./conversation-signals.js";

/**
 * The offline conversation judge: each component scored 0–100 from the measured signals of the
 * trace's message steps, with the reason written next to the number (which steps, how many), so
 * a reviewer can check every point. English refusal phrasings only; no model runs.
 */
export const offlineConversationJudgeName = "offline:conversation-heuristics/v1";

export interface ConversationComponentScore {
  score: number;
  observation: string;
}

export interface OfflineConversationVerdict {
  components: Record<ConversationDimension, number>;
  observations: string[];
  summary: string;
  signals: ConversationSignals;
}

// How much one bad reply costs reply_quality, as a share of one reply.
const emptyCost = 1;
const truncatedCost = 0.75;
const terseCost = 0.5;

export function judgeConversationOffline(trace: Trace): OfflineConversationVerdict {
  const signals = measureConversation(trace);
  const scored: Record<ConversationDimension, ConversationComponentScore> = {
    coverage: coverage(signals),
    reply_quality: replyQuality(signals),
    helpfulness: helpfulness(signals),
    coherence: coherence(signals),
  };
  const components = {
    coverage: scored.coverage.score,
    reply_quality: scored.reply_quality.score,
    helpfulness: scored.helpfulness.score,
    coherence: scored.coherence.score,
  };
  const observations = (Object.keys(scored) as ConversationDimension[]).map(
    (key) => `${key} ${scored[key].score}/100 [offline heuristics]: ${scored[key].observation}`,
  );
  return { components, observations, summary: summaryOf(signals), signals };
}

function coverage(s: ConversationSignals): ConversationComponentScore {
  if (s.userTurns === 0) return { score: 0, observation: "no user message to answer" };
  let score = (100 * s.answeredTurns) / s.userTurns;
  const parts = [`${s.answeredTurns} of ${s.userTurns} user turn(s) answered`];
  if (s.unansweredAt.length > 0) parts.push(`unanswered at step(s) ${list(s.unansweredAt)}`);
  // Ending on the user is already an unanswered turn; ending on a system message is odd too.
  if (s.lastActor === "assistant") parts.push("ends on the assistant's reply");
  else {
    parts.push(`ends on a ${s.lastActor} message`);
    if (s.lastActor !== "user") score -= 10;
  }
  return { score: clamp(score), observation: parts.join("; ") };
}

function replyQuality(s: ConversationSignals): ConversationComponentScore {
  if (s.replies === 0) return { score: 0, observation: "no assistant reply" };
  const cost =
    s.emptyAt.length * emptyCost +
    s.truncatedAt.length * truncatedCost +
    s.terseAt.length * terseCost;
  const parts = [
    countOf(s.emptyAt, "empty"),
    countOf(s.truncatedAt, "cut off (open code block or dangling end)"),
    countOf(s.terseAt, "a few words to a long request"),
  ].filter((part) => part !== "");
  return {
    score: clamp(100 * (1 - cost / s.replies)),
    observation:
      parts.length === 0
        ? `${s.replies} reply(ies), all whole and of a sensible size`
        : `${s.replies} reply(ies): ${parts.join("; ")}`,
  };
}

function helpfulness(s: ConversationSignals): ConversationComponentScore {
  if (s.replies === 0) return { score: 0, observation: "no assistant reply" };
  return {
    score: clamp(100 * (1 - s.refusalAt.length / s.replies)),
    observation:
      s.refusalAt.length === 0
        ? "no refusal phrasing found (English phrasings checked)"
        : `${s.refusalAt.length} refusal(s) at step(s) ${list(s.refusalAt)}`,
  };
}

function coherence(s: ConversationSignals): ConversationComponentScore {
  if (s.replies === 0) return { score: 0, observation: "no assistant reply" };
  const bad = s.repeatedAt.length + s.echoAt.length;
  const parts = [
    countOf(s.repeatedAt, "repeat an earlier reply word for word"),
    countOf(s.echoAt, "echo the user's message"),
  ].filter((part) => part !== "");
  return {
    score: clamp(100 * (1 - bad / s.replies)),
    observation: parts.length === 0 ? "no repeated or echoed reply" : parts.join("; "),
  };
}

function summaryOf(s: ConversationSignals): string {
  const problems = [
    s.unansweredAt.length > 0 ? `${s.unansweredAt.length} unanswered turn(s)` : "",
    s.emptyAt.length > 0 ? `${s.emptyAt.length} empty reply(ies)` : "",
    s.truncatedAt.length > 0 ? `${s.truncatedAt.length} cut-off reply(ies)` : "",
    s.terseAt.length > 0 ? `${s.terseAt.length} terse reply(ies)` : "",
    s.refusalAt.length > 0 ? `${s.refusalAt.length} refusal(s)` : "",
    s.repeatedAt.length + s.echoAt.length > 0
      ? `${s.repeatedAt.length + s.echoAt.length} repeated or echoed reply(ies)`
      : "",
  ].filter((part) => part !== "");
  return `Offline heuristics (no model) over ${s.messages} message(s), ${s.userTurns} user turn(s), ${s.replies} reply(ies): ${problems.length === 0 ? "no problem found" : problems.join(", ")}.`;
}

function countOf(steps: number[], what: string): string {
  return steps.length === 0 ? "" : `${steps.length} ${what} (step(s) ${list(steps)})`;
}

function list(steps: number[]): string {
  const shown = steps.slice(0, 5).join(", ");
  return steps.length > 5 ? `${shown}, … ${steps.length - 5} more` : shown;
}

function clamp(value: number): number {
  return Math.max(0, Math.min(100, Math.round(value)));
}
