import { computeScore } from "../core/grade.js";
import type { Trace } from "../core/trace.js";
import type { SftMessage } from "../format/sft-message.js";
import { type Components, defaultWeights, type Weights } from "./parse-weights.js";
import { sanitizeText, truncate } from "./sanitize-text.js";
import type { SessionEvaluation } from "./scores-file.js";
import { screenRubricId, screenRubricVersion, screenSessionRubric } from "./screen-rubric.js";
import { measureScreenSession, type SessionSignals } from "./session-signals.js";
import { sftToChunks } from "./sft-to-chunks.js";

/**
 * The offline judge: deterministic heuristics over the Trace, no model. It is recorded as
 * `provider: offline` with `offline: true`, its observations state the numbers behind each
 * component, and its confidence stays low because heuristics cannot see the screen.
 */
export const offlineJudgeModel = "offline:screen-heuristics-v1";

export interface OfflineJudgeOptions {
  weights?: Weights;
  seed?: number;
  /** SFT chunks to describe in chunkSummaries; defaults to the SFT messages in chunks of 4. */
  chunks?: SftMessage[][];
  createdAt?: string;
}

export function judgeScreenSessionOffline(
  trace: Trace,
  sft?: SftMessage[],
  options: OfflineJudgeOptions = {},
): SessionEvaluation {
  const weights = options.weights ?? defaultWeights;
  const signals = measureScreenSession(trace);
  const outcome = outcomeOf(signals);
  const components: Components = {
    outcomeAchievement: outcome.value,
    processQuality: processOf(signals).value,
    efficiency: efficiencyOf(signals).value,
  };
  const score = computeScore(screenSessionRubric(weights), components);
  const minutes = (signals.durationS / 60).toFixed(1);
  const title = sanitizeText(trace.task?.title ?? "an unstated task", 120);
  const sessionId = typeof trace.meta.sessionId === "string" ? trace.meta.sessionId : trace.id;
  const chunks = options.chunks ?? (sft === undefined ? [] : sftToChunks(sft));
  return {
    sessionId,
    traceId: trace.id,
    score,
    components,
    weights,
    ...components,
    summary: truncate(
      `Offline heuristic judge (no model): ${signals.actions} action(s) over ${minutes} min on "${title}"; outcome ${components.outcomeAchievement}, process ${components.processQuality}, efficiency ${components.efficiency}, score ${score}.`,
      600,
    ),
    observations: observationsOf(signals, components, outcome.note),
    reasoning:
      "Deterministic heuristics from the trace: outcome from objective keywords found in typed text, focused apps and window titles (and rewards when present); process is 100 minus penalties for repeated and undone actions, backspace bursts, error-like text and long pauses; efficiency from actions per minute, reduced by the idle fraction.",
    confidence: confidenceOf(signals),
    judge: { provider: "offline", model: offlineJudgeModel, seed: options.seed ?? 42 },
    rubric: { id: screenRubricId, version: screenRubricVersion },
    offline: true,
    chunkSummaries: chunks.map(describeChunk),
    usage: { inputTokens: 0, outputTokens: 0, requests: 0, cachedRequests: 0, costUsd: 0 },
    createdAt: options.createdAt ?? new Date().toISOString(),
  };
}

function outcomeOf(signals: SessionSignals): { value: number; note: string } {
  if (signals.actions === 0) return { value: 5, note: "no action was recorded" };
  const parts: { value: number; note: string }[] = [];
  if (signals.objectives.length > 0) {
    const coverage =
      signals.objectives.reduce(
        (sum, objective) => sum + objective.matched.length / objective.keywords.length,
        0,
      ) / signals.objectives.length;
    const covered = signals.objectives.filter(
      (objective) => objective.matched.length * 2 >= objective.keywords.length,
    );
    parts.push(
      signals.evidenceWords === 0
        ? {
            value: 35,
            note: "no typed text, focused app or window title to check the objectives against",
          }
        : {
            value: 15 + 85 * coverage,
            note: `${covered.length} of ${signals.objectives.length} objective(s) covered (${Math.round(coverage * 100)}% of their keywords found in typed text, apps and titles)`,
          },
    );
  }
  if (signals.rewards.length > 0) {
    // Reward scales differ between gyms: values within 0..1 are used as they are, otherwise the share of positive rewards.
    const unit = signals.rewards.every((value) => value >= 0 && value <= 1);
    const rate = unit
      ? signals.rewards.reduce((sum, value) => sum + value, 0) / signals.rewards.length
      : signals.rewards.filter((value) => value > 0).length / signals.rewards.length;
    parts.push({
      value: 100 * rate,
      note: `${signals.rewards.filter((value) => value > 0).length} of ${signals.rewards.length} reward(s) positive`,
    });
  }
  if (parts.length === 0)
    return { value: 50, note: "no objectives or rewards to check; neutral 50" };
  return {
    value: Math.round(parts.reduce((sum, part) => sum + part.value, 0) / parts.length),
    note: parts.map((part) => part.note).join("; "),
  };
}

function processOf(signals: SessionSignals): { value: number } {
  if (signals.actions === 0) return { value: 0 };
  const penalty =
    Math.min(30, Math.round((signals.repeatedActions / signals.actions) * 150)) +
    Math.min(20, 5 * signals.undoKeys) +
    Math.min(15, 5 * signals.backspaceBursts) +
    Math.min(20, 5 * signals.errorMentions) +
    Math.min(15, 5 * signals.longPauses);
  return { value: Math.max(0, 100 - penalty) };
}

/** 3–40 actions a minute is a normal working pace; fewer is slow, far more is frantic. */
function efficiencyOf(signals: SessionSignals): { value: number } {
  const pace = signals.actionsPerMinute;
  if (signals.actions === 0 || pace <= 0) return { value: 0 };
  const paceScore =
    pace < 3 ? 30 + (70 * pace) / 3 : pace <= 40 ? 100 : Math.max(60, 100 - (pace - 40) * 0.5);
  return { value: Math.round(paceScore * (1 - 0.7 * signals.idleFraction)) };
}

function confidenceOf(signals: SessionSignals): number {
  let confidence = 0.25;
  if (signals.objectives.length > 0 && signals.evidenceWords > 0) confidence += 0.15;
  if (signals.rewards.length > 0) confidence += 0.15;
  if (signals.actions >= 10) confidence += 0.05;
  return Math.round(confidence * 100) / 100;
}

function observationsOf(
  signals: SessionSignals,
  components: Components,
  outcomeNote: string,
): string[] {
  const lines = [
    `Outcome ${components.outcomeAchievement}/100: ${outcomeNote}.`,
    `Process ${components.processQuality}/100: ${signals.repeatedActions} repeated identical action(s) of ${signals.actions}, ${signals.undoKeys} undo key(s), ${signals.backspaceBursts} backspace burst(s), ${signals.errorMentions} error-like message(s), ${signals.longPauses} pause(s) of 30 s or more.`,
    `Efficiency ${components.efficiency}/100: ${signals.actionsPerMinute} actions per minute over ${signals.durationS} s; ${Math.round(signals.idleFraction * 100)}% of the session idle (gaps of 5 s or more, ${signals.idleS} s).`,
  ];
  const missing = signals.objectives.filter(
    (objective) => objective.matched.length * 2 < objective.keywords.length,
  );
  if (missing.length > 0 && signals.evidenceWords > 0) {
    lines.push(
      `No evidence found for: ${missing.map((objective) => `"${sanitizeText(objective.objective, 80)}"`).join(", ")}.`,
    );
  }
  return lines.map((line) => truncate(line, 300));
}

function describeChunk(chunk: SftMessage[]): string {
  const images = chunk.filter((message) => typeof message.content !== "string").length;
  const texts = chunk.flatMap((message) =>
    typeof message.content === "string"
      ? [
          `${message.role}: ${message.content
            .replace(/```[a-z]*\n?|\n?```/g, "")
            .replace(/\s+/g, " ")
            .trim()}`,
        ]
      : [],
  );
  return sanitizeText(`${images} screenshot(s); ${texts.join(" | ") || "no text"}`, 300);
}
