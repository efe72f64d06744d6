import { deterministicId } from "../core/hash.js";
import type { Action, Step, Trace } from "../core/trace.js";
import { traceSchemaId } from "../core/trace.js";
import type { SftMessage } from "../format/sft-message.js";

/**
 * When only sft.json is at hand (grading without reprocessing and no trace.json), the offline
 * judge still needs a Trace: this rebuilds a minimal one from the messages. Actions are read back
 * from the ```python blocks (click, right_click, middle_click, double_click, drag, type, hotkey,
 * press, scroll); the first user text is the task (first line the title, "- " lines objectives).
 */
export interface JudgeTraceMeta {
  sessionId: string;
  traceId?: string;
  task?: { title?: string; description?: string; objectives?: string[] };
}

export function sftToJudgeTrace(messages: SftMessage[], meta: JudgeTraceMeta): Trace {
  const startMs = messages[0]?.timestamp ?? 0;
  const steps: Step[] = [];
  let task = meta.task;
  messages.forEach((message, position) => {
    if (typeof message.content !== "string") return;
    const t = Math.max(0, (message.timestamp - startMs) / 1000);
    const origin = { file: "sft.json", offset: position };
    const calls = [...message.content.matchAll(/```(?:python)?\n([\s\S]*?)\n?```/g)].flatMap(
      (block) => (block[1] ?? "").split("\n"),
    );
    const actions = calls.flatMap((call) => {
      const action = parseActionCall(call.trim());
      return action === undefined ? [] : [action];
    });
    if (message.role === "assistant" && actions.length > 0) {
      for (const action of actions)
        steps.push({ index: steps.length, t, actor: "human", kind: "action", action, origin });
      return;
    }
    if (message.role === "user" && task === undefined) {
      task = taskFromText(message.content);
      return;
    }
    steps.push({
      index: steps.length,
      t,
      actor: message.role,
      kind: "message",
      text: message.content,
      origin,
    });
  });
  const durationS = steps.at(-1)?.t ?? 0;
  return {
    schema: traceSchemaId,
    id: meta.traceId ?? deterministicId("trace", { format: "sft", sessionId: meta.sessionId }),
    kind: "screen",
    source: { format: "sft", files: [] },
    task,
    steps,
    media: [],
    meta: { sessionId: meta.sessionId, durationS },
  };
}

/** The task stated in the first user text message (H4 writes it first): title line and "- " objectives. */
export function taskFromSft(messages: SftMessage[]): JudgeTraceMeta["task"] {
  const first = messages.find(
    (message) => message.role === "user" && typeof message.content === "string",
  );
  return typeof first?.content === "string" ? taskFromText(first.content) : undefined;
}

function taskFromText(text: string): NonNullable<JudgeTraceMeta["task"]> {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const objectives = lines
    .filter((line) => /^[-*•]\s+/.test(line))
    .map((line) => line.replace(/^[-*•]\s+/, ""));
  const title = lines
    .find((line) => !/^[-*•]\s+/.test(line))
    ?.replace(/^(?:task|quest)\s*:\s*/i, "");
  return {
    ...(title === undefined ? {} : { title }),
    ...(objectives.length > 0 ? { objectives } : {}),
  };
}

/** One pyautogui-style call back to an Action; anything else is not an action (undefined). */
export function parseActionCall(call: string): Action | undefined {
  const match = /^([a-z_]+)\((.*)\)$/s.exec(call);
  if (match === null) return undefined;
  const [, name = "", args = ""] = match;
  const numbers = (args.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
  const strings = (args.match(/"(?:[^"\\]|\\.)*"/g) ?? []).flatMap((literal) => {
    try {
      return [JSON.parse(literal) as string];
    } catch {
      return [];
    }
  });
  const [x = 0, y = 0] = numbers;
  switch (name) {
    case "click":
    case "left_click":
      return { type: "click", x, y, button: "left" };
    case "right_click":
      return { type: "click", x, y, button: "right" };
    case "middle_click":
      return { type: "click", x, y, button: "middle" };
    case "double_click":
      return { type: "double_click", x, y, button: "left" };
    case "drag": {
      const path: [number, number][] = [];
      for (let index = 0; index + 1 < numbers.length; index += 2)
        path.push([numbers[index] ?? 0, numbers[index + 1] ?? 0]);
      return path.length >= 2 ? { type: "drag", path, button: "left" } : undefined;
    }
    case "type":
    case "write": {
      const text = strings[0];
      return text === undefined ? undefined : { type: "type", text };
    }
    case "hotkey":
    case "press": {
      // hotkey("cmd+c") and pyautogui's hotkey("cmd", "c") both occur.
      const keys = strings
        .flatMap((text) => (strings.length === 1 ? text.split("+") : [text]))
        .filter((key) => key !== "");
      return keys.length === 0 ? undefined : { type: "key", keys };
    }
    case "scroll":
      return numbers.length === 0 ? undefined : { type: "scroll", dx: 0, dy: -(numbers[0] ?? 0) };
    default:
      return undefined;
  }
}
