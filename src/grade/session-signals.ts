import type { Action, Step, Trace } from "../core/trace.js";

/**
 * The measurements the offline judge scores from, all read from the Trace itself: what was done,
 * what evidence of progress exists (typed text, focused apps, window titles, rewards) and the
 * signs of a struggling process (repeats, undos, backspace bursts, error-like text, pauses).
 */
export interface ObjectiveCoverage {
  objective: string;
  keywords: string[];
  matched: string[];
}

export interface SessionSignals {
  actions: number;
  durationS: number;
  actionsPerMinute: number;
  idleS: number;
  idleFraction: number;
  longPauses: number;
  repeatedActions: number;
  undoKeys: number;
  backspaceBursts: number;
  errorMentions: number;
  objectives: ObjectiveCoverage[];
  evidenceWords: number;
  rewards: number[];
}

/** A gap of this length between actions counts as idle time (the previews use the same 5 s). */
export const idleGapS = 5;
/** A pause this long inside a session is a process signal (stuck, distracted, waiting). */
export const longPauseS = 30;

const stopWords = new Set(
  "the and for with your you our from into onto that this then than them they their there what when where which while who how why are was were will can could should would has have had been being any all its it's not but use using used via within inside open access navigate make sure please let lets let's step steps machine computer task new one two per each some more most very also just".split(
    " ",
  ),
);
const errorPattern =
  /\b(?:error|errors|failed|failure|fails|exception|not found|invalid|denied|cannot|can't|couldn't|unable|crash(?:ed)?)\b/i;
const undoModifiers = new Set(["cmd", "command", "meta", "ctrl", "control", "super"]);
const erasingKeys = new Set(["backspace", "delete", "del"]);
// Keys pressed several times in a row as a matter of course; their repetition is not a mistake.
const repeatableKeys = new Set([
  ...erasingKeys,
  "up",
  "down",
  "left",
  "right",
  "pageup",
  "pagedown",
  "tab",
  "arrowup",
  "arrowdown",
  "arrowleft",
  "arrowright",
]);

export function measureScreenSession(trace: Trace): SessionSignals {
  const steps = [...trace.steps].sort((a, b) => a.t - b.t || a.index - b.index);
  const actionSteps = steps.filter(
    (step): step is Step & { action: Action } =>
      step.kind === "action" && step.action !== undefined && step.action.type !== "focus",
  );
  const lastT = steps.at(-1)?.t ?? 0;
  const metaDuration = Number(trace.meta.durationS);
  const durationS = Math.max(Number.isFinite(metaDuration) ? metaDuration : 0, lastT, 0);

  let idleS = 0;
  let longPauses = 0;
  let previousT = 0;
  for (const t of [...actionSteps.map((step) => step.t), durationS]) {
    const gap = t - previousT;
    if (gap >= idleGapS) idleS += gap;
    if (gap >= longPauseS) longPauses += 1;
    previousT = Math.max(previousT, t);
  }

  let repeatedActions = 0;
  let undoKeys = 0;
  let backspaceBursts = 0;
  let erasingRun = 0;
  actionSteps.forEach((step, position) => {
    const previous = actionSteps[position - 1]?.action;
    if (previous !== undefined && sameAction(previous, step.action)) repeatedActions += 1;
    const keys = step.action.type === "key" ? step.action.keys.map((key) => key.toLowerCase()) : [];
    if (isUndo(keys)) undoKeys += 1;
    if (keys.length === 1 && erasingKeys.has(keys[0] ?? "")) {
      erasingRun += 1;
      if (erasingRun === 3) backspaceBursts += 1;
    } else erasingRun = 0;
  });

  // Evidence of progress is what the session reached (typed text, apps, titles, screen text);
  // the person's own narration (assistant reasoning) is not evidence, but its error talk counts.
  const evidence: string[] = [];
  let errorMentions = 0;
  for (const step of steps) {
    const action = step.action;
    if (action?.type === "type") {
      evidence.push(action.text);
      continue;
    }
    if (action?.type === "key") {
      evidence.push(shortcutEvidence(action.keys));
      continue;
    }
    const seen: string[] = [];
    if (action?.type === "focus") {
      evidence.push(action.app);
      if (action.title !== undefined) seen.push(action.title);
    }
    if (step.text !== undefined && step.signal === undefined) {
      if (step.actor === "environment" || step.kind === "action") seen.push(step.text);
      if (step.actor === "assistant" && errorPattern.test(step.text)) errorMentions += 1;
    }
    evidence.push(...seen);
    errorMentions += seen.filter((text) => errorPattern.test(text)).length;
  }
  const evidenceStems = new Set(evidence.flatMap(keywordsOf));
  const objectiveTexts = trace.task?.objectives?.length
    ? trace.task.objectives
    : [trace.task?.title ?? ""];
  const objectives = objectiveTexts
    .map((objective) => {
      const keywords = [...new Set(keywordsOf(objective))];
      return {
        objective,
        keywords,
        matched: keywords.filter((word) => matches(word, evidenceStems)),
      };
    })
    .filter((coverage) => coverage.keywords.length > 0);

  const minutes = durationS / 60;
  return {
    actions: actionSteps.length,
    durationS: round(durationS, 1),
    actionsPerMinute: minutes > 0 ? round(actionSteps.length / minutes, 1) : 0,
    idleS: round(idleS, 1),
    idleFraction: durationS > 0 ? round(Math.min(1, idleS / durationS), 3) : 0,
    longPauses,
    repeatedActions,
    undoKeys,
    backspaceBursts,
    errorMentions,
    objectives,
    evidenceWords: evidenceStems.size,
    rewards: steps.flatMap((step) => (step.signal === undefined ? [] : [step.signal.value])),
  };
}

/** What a common shortcut does, so "Save with cmd+s" finds its evidence in `hotkey("cmd+s")`. */
const shortcutMeanings: Record<string, string> = {
  s: "save",
  c: "copy",
  v: "paste",
  x: "cut",
  z: "undo",
  a: "select all",
  f: "find search",
  p: "print",
  n: "new",
  o: "open",
  w: "close",
  q: "quit",
  t: "tab",
  r: "reload refresh",
};

/** A hotkey as evidence: its keys ("cmd+s") and, for cmd/ctrl shortcuts, their meaning ("save"). */
function shortcutEvidence(keys: readonly string[]): string {
  const lower = keys.map((key) => key.toLowerCase());
  const last = lower[lower.length - 1] ?? "";
  const meaning =
    lower.length > 1 && (lower.includes("cmd") || lower.includes("ctrl"))
      ? (shortcutMeanings[last] ?? "")
      : "";
  return `${lower.join("+")} ${meaning}`;
}

/** Lower-cased word stems of length ≥ 3 without stop words; a light stemmer so "containers" meets "container". */
export function keywordsOf(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((word) => word.length >= 3 && !stopWords.has(word))
    .map(stem);
}

function stem(word: string): string {
  for (const suffix of ["ing", "ed", "es", "s"]) {
    if (word.length - suffix.length >= 4 && word.endsWith(suffix))
      return word.slice(0, -suffix.length);
  }
  return word;
}

function matches(word: string, evidence: Set<string>): boolean {
  if (evidence.has(word)) return true;
  for (const candidate of evidence) {
    const shorter = candidate.length < word.length ? candidate : word;
    const longer = shorter === candidate ? word : candidate;
    if (shorter.length >= 4 && longer.startsWith(shorter)) return true;
  }
  return false;
}

function isUndo(keys: string[]): boolean {
  const lower = keys.map((key) => key.toLowerCase());
  return (
    lower.includes("z") && !lower.includes("shift") && lower.some((key) => undoModifiers.has(key))
  );
}

function sameAction(a: Action, b: Action): boolean {
  if (a.type !== b.type) return false;
  const near = (x1: number, y1: number, x2: number, y2: number) =>
    Math.hypot(x1 - x2, y1 - y2) <= 5;
  switch (a.type) {
    case "click":
    case "double_click":
      return b.type === a.type && a.button === b.button && near(a.x, a.y, b.x, b.y);
    case "type":
      return b.type === "type" && a.text === b.text;
    case "key": {
      const keys = a.keys.join("+").toLowerCase();
      return (
        b.type === "key" &&
        keys === b.keys.join("+").toLowerCase() &&
        !repeatableKeys.has(keys) &&
        // Undo pressed twice counts as two undos, not also as a repeat.
        !isUndo(a.keys)
      );
    }
    default:
      return false;
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
