import type { Action, Step, Trace } from "../core/trace.js";
import { epochMs, isIdleFrame } from "./session-facts.js";

/**
 * The conversation a screen session becomes, before any output format: the task, the web
 * session's user/assistant messages, each input action with the frame taken just before it, and
 * idle frames. sft.json and both computer-use formats are built from this one walk, so they
 * agree on what is a message. Rewards (signals) are never turns; a focus change is a user text
 * turn ("Focused: Word"), as the seed pipeline wrote it.
 */

export type ScreenAction = Extract<
  Action,
  { type: "click" | "double_click" | "drag" | "move" | "scroll" | "type" | "key" }
>;

export type Turn =
  | { kind: "task"; text: string; timestamp: number }
  | {
      kind: "text";
      role: "system" | "user" | "assistant";
      text: string;
      timestamp: number;
      step: Step;
    }
  | { kind: "action"; action: ScreenAction; timestamp: number; step: Step }
  | { kind: "idle"; timestamp: number; step: Step };

const screenActionTypes = new Set([
  "click",
  "double_click",
  "drag",
  "move",
  "scroll",
  "type",
  "key",
]);

export function isScreenAction(action: Action | undefined): action is ScreenAction {
  return action !== undefined && screenActionTypes.has(action.type);
}

/** The task as the first user message: title, description, objectives as a list. */
export function taskText(trace: Trace): string | undefined {
  const task = trace.task;
  if (!task) return undefined;
  const parts: string[] = [];
  const title = task.title?.trim();
  const description = task.description?.trim();
  if (title) parts.push(`Task: ${title}`);
  if (description && description !== title) parts.push(description);
  const objectives = (task.objectives ?? []).map((o) => o.trim()).filter((o) => o.length > 0);
  if (objectives.length > 0) {
    parts.push(["Objectives:", ...objectives.map((o) => `- ${o}`)].join("\n"));
  }
  return parts.length > 0 ? parts.join("\n\n") : undefined;
}

function messageRole(step: Step): "system" | "user" | "assistant" | undefined {
  switch (step.actor) {
    case "user":
    case "human":
      return "user";
    case "assistant":
    case "agent":
      return "assistant";
    case "system":
      return "system";
    default:
      return undefined; // environment text is an observation, not a conversation turn
  }
}

export function conversationTurns(trace: Trace): Turn[] {
  const turns: Turn[] = [];
  const task = taskText(trace);
  if (task !== undefined) turns.push({ kind: "task", text: task, timestamp: epochMs(trace, 0) });
  // The web reader makes the task from the first quest message, which is also a user step:
  // said once is enough.
  const taskLines = new Set(
    [trace.task?.title, trace.task?.description].map((s) => s?.trim()).filter(Boolean),
  );
  let taskRepeatSkipped = false;
  for (const step of trace.steps) {
    const timestamp = epochMs(trace, step.t);
    if (step.kind === "message" && step.text !== undefined && step.signal === undefined) {
      const role = messageRole(step);
      if (!role) continue;
      if (!taskRepeatSkipped && role === "user" && taskLines.has(step.text.trim())) {
        taskRepeatSkipped = true;
        continue;
      }
      turns.push({ kind: "text", role, text: step.text, timestamp, step });
    } else if (step.kind === "observation" && step.action?.type === "focus") {
      const { app, title } = step.action;
      const text = title === undefined ? `Focused: ${app}` : `Focused: ${app} — ${title}`;
      turns.push({ kind: "text", role: "user", text, timestamp, step });
    } else if (step.kind === "action" && isScreenAction(step.action)) {
      turns.push({ kind: "action", action: step.action, timestamp, step });
    } else if (isIdleFrame(step)) {
      turns.push({ kind: "idle", timestamp, step });
    }
  }
  return turns;
}
