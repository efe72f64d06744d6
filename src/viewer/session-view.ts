import { join } from "node:path";
import { TracemillError } from "../core/errors.js";
import {
  asArray,
  asNumber,
  asObject,
  asString,
  type Json,
  readJson,
  readJsonOr,
} from "./read-json.js";

/** One screen session (a `process` output folder: trace.json, results.json, sft.json, scores.json). */
export interface SessionStep {
  index: number;
  t: number;
  actor: string;
  kind: string;
  type: string;
  /** One line saying what happened: click (640, 300) on "Email", type "…", hotkey cmd+s. */
  label: string;
  x?: number;
  y?: number;
  path?: [number, number][];
  dx?: number;
  dy?: number;
  text?: string;
  keys?: string[];
  target?: string;
  /** Frame path relative to the session folder (served by /api/file). */
  frame?: string;
  frameWidth?: number;
  frameHeight?: number;
}

export interface SessionGrade {
  score?: number;
  components: { name: string; value: number; weight?: number }[];
  confidence?: number;
  summary?: string;
  judge?: string;
  observations: { text: string; steps: number[] }[];
}

export interface SessionMessage {
  role: string;
  text?: string;
  /** Index of the inline image in sft.json (served by /api/sft-image). */
  image?: number;
}

export interface SessionView {
  key: string;
  id: string;
  title: string;
  description?: string;
  objectives: string[];
  screen?: { width: number; height: number };
  steps: SessionStep[];
  actionTypes: Record<string, number>;
  grade?: SessionGrade;
  messages: SessionMessage[];
  warnings: string[];
}

export interface SessionSummary {
  key: string;
  id: string;
  title: string;
  steps: number;
  score?: number;
}

export async function sessionSummary(key: string, dir: string): Promise<SessionSummary> {
  const warnings: string[] = [];
  const trace = asObject(await readJsonOr(join(dir, "trace.json"), warnings));
  const scores = asObject(await readJsonOr(join(dir, "scores.json"), warnings));
  const score = asNumber(scores.score);
  return {
    key,
    id: asString(asObject(trace.meta).sessionId) ?? asString(trace.id) ?? key,
    title: asString(asObject(trace.task).title) ?? "(untitled)",
    steps: asArray(trace.steps).length,
    ...(score === undefined ? {} : { score }),
  };
}

export async function sessionView(key: string, dir: string): Promise<SessionView> {
  const warnings: string[] = [];
  const trace = asObject(await readJson(join(dir, "trace.json")));
  const steps = asArray(trace.steps).map((raw, position) => toStep(asObject(raw), position));
  const actionTypes: Record<string, number> = {};
  for (const step of steps) actionTypes[step.type] = (actionTypes[step.type] ?? 0) + 1;
  const scores = await readJsonOr(join(dir, "scores.json"), warnings);
  const sft = await readJsonOr(join(dir, "sft.json"), warnings);
  const task = asObject(trace.task);
  const screen = asObject(asObject(trace.environment).screen);
  const width = asNumber(screen.width);
  const height = asNumber(screen.height);
  const description = asString(task.description);
  return {
    key,
    id: asString(asObject(trace.meta).sessionId) ?? asString(trace.id) ?? key,
    title: asString(task.title) ?? "(untitled)",
    ...(description === undefined ? {} : { description }),
    objectives: asArray(task.objectives).filter((each): each is string => typeof each === "string"),
    ...(width !== undefined && height !== undefined ? { screen: { width, height } } : {}),
    steps,
    actionTypes,
    ...(scores === undefined ? {} : { grade: toGrade(asObject(scores), steps) }),
    messages: toMessages(sft),
    warnings,
  };
}

function toStep(raw: Json, position: number): SessionStep {
  const action = asObject(raw.action);
  const frame = asObject(raw.frame);
  const target = asObject(raw.target);
  const kind = asString(raw.kind) ?? "step";
  const type = asString(action.type) ?? (kind === "observation" ? "observation" : kind);
  const step: SessionStep = {
    index: asNumber(raw.index) ?? position,
    t: asNumber(raw.t) ?? 0,
    actor: asString(raw.actor) ?? "",
    kind,
    type,
    label: "",
  };
  const x = asNumber(action.x);
  const y = asNumber(action.y);
  if (x !== undefined && y !== undefined) Object.assign(step, { x, y });
  const path = asArray(action.path).filter(
    (point): point is [number, number] =>
      Array.isArray(point) && typeof point[0] === "number" && typeof point[1] === "number",
  );
  if (path.length > 0) step.path = path;
  const dx = asNumber(action.dx);
  const dy = asNumber(action.dy);
  if (dx !== undefined) step.dx = dx;
  if (dy !== undefined) step.dy = dy;
  const text = asString(action.text);
  if (text !== undefined) step.text = text;
  const keys = asArray(action.keys).filter((each): each is string => typeof each === "string");
  if (keys.length > 0) step.keys = keys;
  const label = asString(target.label);
  const role = asString(target.role);
  if (label !== undefined || role !== undefined) {
    step.target = [role, label === undefined ? undefined : `"${label}"`].filter(Boolean).join(" ");
  }
  const framePath = asString(frame.path);
  if (framePath !== undefined && !framePath.includes("..")) {
    step.frame = framePath;
    const frameWidth = asNumber(frame.width);
    const frameHeight = asNumber(frame.height);
    if (frameWidth !== undefined) step.frameWidth = frameWidth;
    if (frameHeight !== undefined) step.frameHeight = frameHeight;
  }
  step.label = describe(step, action);
  return step;
}

function describe(step: SessionStep, action: Json): string {
  const on = step.target === undefined ? "" : ` on ${step.target}`;
  switch (step.type) {
    case "click":
    case "double_click":
    case "right_click":
      return `${step.type} (${step.x}, ${step.y})${on}`;
    case "drag":
      return `drag ${step.path?.length ?? 0} points${on}`;
    case "scroll":
      return `scroll ${step.dy ?? 0}${step.dx ? `, ${step.dx} sideways` : ""}`;
    case "type":
      return `type "${step.text ?? ""}"`;
    case "key":
    case "hotkey":
      return `key ${(step.keys ?? []).join("+")}`;
    case "focus":
      return `focus ${asString(action.app) ?? asString(action.title) ?? ""}`.trim();
    case "observation":
      return step.frame === undefined ? "observation" : "screen";
    default:
      return `${step.type}${on}`;
  }
}

const actionWords: Record<string, string[]> = {
  click: ["click", "clicks", "clicked"],
  drag: ["drag", "drags", "dragged"],
  scroll: ["scroll", "scrolls", "scrolled"],
  type: ["type", "typed", "typing"],
  key: ["key", "keys", "hotkey", "undo", "backspace"],
};

/**
 * Which steps an observation is about: steps named by number ("step 12"), steps whose typed text
 * or target label it quotes, and the steps of any action type it names ("drag the slider").
 */
export function stepsForObservation(text: string, steps: SessionStep[]): number[] {
  const found = new Set<number>();
  for (const match of text.matchAll(/\bsteps?\s+(\d+(?:\s*(?:,|and|–|-)\s*\d+)*)/gi)) {
    for (const number of (match[1] ?? "").match(/\d+/g) ?? []) found.add(Number(number));
  }
  const lower = text.toLowerCase();
  for (const quoted of text.matchAll(/"([^"]{3,})"/g)) {
    const needle = (quoted[1] ?? "").toLowerCase();
    for (const step of steps) {
      const said = `${step.text ?? ""} ${step.target ?? ""}`.toLowerCase();
      if (said.trim().length > 0 && (said.includes(needle) || needle.includes(step.text ?? "\0")))
        found.add(step.index);
    }
  }
  for (const [type, words] of Object.entries(actionWords)) {
    if (words.some((word) => new RegExp(`\\b${word}\\b`).test(lower))) {
      for (const step of steps) if (step.type === type) found.add(step.index);
    }
  }
  const known = new Set(steps.map((step) => step.index));
  return [...found].filter((index) => known.has(index)).sort((a, b) => a - b);
}

function toGrade(scores: Json, steps: SessionStep[]): SessionGrade {
  const components = asObject(scores.components);
  const weights = asObject(scores.weights);
  const judge = asObject(scores.judge);
  const grade: SessionGrade = {
    components: Object.entries(components)
      .filter((entry): entry is [string, number] => typeof entry[1] === "number")
      .map(([name, value]) => {
        const weight = asNumber(weights[name]);
        return { name, value, ...(weight === undefined ? {} : { weight }) };
      }),
    observations: asArray(scores.observations)
      .filter((each): each is string => typeof each === "string")
      .map((text) => ({ text, steps: stepsForObservation(text, steps) })),
  };
  const score = asNumber(scores.score);
  if (score !== undefined) grade.score = score;
  const confidence = asNumber(scores.confidence);
  if (confidence !== undefined) grade.confidence = confidence;
  const summary = asString(scores.summary);
  if (summary !== undefined) grade.summary = summary;
  const model = asString(judge.model);
  if (model !== undefined) grade.judge = model;
  return grade;
}

function toMessages(sft: unknown): SessionMessage[] {
  const list = Array.isArray(sft) ? sft : asArray(asObject(sft).messages);
  return list.map((raw, index) => {
    const message = asObject(raw);
    const role = asString(message.role) ?? "user";
    const content = message.content;
    if (typeof content === "string") return { role, text: content };
    const part = asObject(content);
    if (part.type === "image") return { role, image: index };
    return { role, text: JSON.stringify(content) };
  });
}

/** The bytes of the n-th message's inline image in sft.json. */
export async function sftImage(
  dir: string,
  index: number,
): Promise<{ bytes: Buffer; mimeType: string }> {
  const sft = await readJson(join(dir, "sft.json"));
  const list = Array.isArray(sft) ? sft : asArray(asObject(sft).messages);
  const content = asObject(asObject(list[index]).content);
  const data = asString(content.data);
  if (content.type !== "image" || data === undefined) {
    throw new TracemillError("not_found", `sft.json message ${index} has no inline image`);
  }
  const mimeType =
    asString(content.mimeType) ?? (data.startsWith("iVBOR") ? "image/png" : "image/jpeg");
  return { bytes: Buffer.from(data, "base64"), mimeType };
}
