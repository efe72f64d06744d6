import type { Trace } from "../core/trace.js";
import type {
  OpenAiComputerAction,
  OpenAiComputerUse,
  OpenAiInputItem,
} from "./computer-use-schemas.js";
import { type ComputerUseOptions, computerUseWalk, type ImageData } from "./computer-use-walk.js";
import type { ScreenAction } from "./conversation-turns.js";
import { toOpenAiKey } from "./key-names.js";

type Environment = OpenAiComputerUse["tools"][0]["environment"];

function dataUrl(image: ImageData): string {
  return `data:${image.mediaType};base64,${image.data}`;
}

/** The trace's platform in the tool's vocabulary; "linux" when unknown (web sessions run on X11). */
export function openAiEnvironment(platform: string | undefined): Environment {
  const p = (platform ?? "").toLowerCase();
  if (p.startsWith("mac") || p === "darwin") return "mac";
  if (p.startsWith("win")) return "windows";
  if (p.includes("ubuntu")) return "ubuntu";
  if (p === "browser" || p === "web") return "browser";
  return "linux";
}

/** One action as a computer_call action. Middle button is "wheel"; scroll is in pixels, +y down. */
export function openAiAction(
  action: ScreenAction,
  pointer: [number, number],
  scrollPixelsPerUnit = 1,
): OpenAiComputerAction {
  switch (action.type) {
    case "click":
      return {
        type: "click",
        button: action.button === "middle" ? "wheel" : action.button,
        x: action.x,
        y: action.y,
      };
    case "double_click":
      return { type: "double_click", x: action.x, y: action.y };
    case "move":
      return { type: "move", x: action.x, y: action.y };
    case "drag":
      return { type: "drag", path: action.path.map(([x, y]) => ({ x, y })) };
    case "type":
      return { type: "type", text: action.text };
    case "key":
      return { type: "keypress", keys: action.keys.map(toOpenAiKey) };
    case "scroll":
      return {
        type: "scroll",
        x: pointer[0],
        y: pointer[1],
        scroll_x: Math.round(action.dx * scrollPixelsPerUnit),
        scroll_y: Math.round(action.dy * scrollPixelsPerUnit),
      };
  }
}

/**
 * The session as OpenAI Responses API input items: the task and messages as `message` items,
 * each action a `computer_call` followed by a `computer_call_output` carrying the next
 * screenshot. The screenshot before an action not already returned goes in a user message as an
 * `input_image`. Without a screenshot after an action no output item is written (the format
 * has no text output for computer calls).
 */
export async function toOpenAIComputerUse(
  trace: Trace,
  options: ComputerUseOptions,
): Promise<OpenAiComputerUse> {
  const walk = computerUseWalk(trace, options);
  const input: OpenAiInputItem[] = [];
  const shown = new Set<string>();
  type UserContent = Extract<OpenAiInputItem, { role: "user" | "system" }>["content"][number];
  const user = (part: UserContent) => {
    const last = input[input.length - 1];
    if (last?.type === "message" && last.role === "user") last.content.push(part);
    else input.push({ type: "message", role: "user", content: [part] });
  };
  for (const turn of walk.turns) {
    if (turn.kind === "task") user({ type: "input_text", text: turn.text });
    else if (turn.kind === "text") {
      if (turn.role === "assistant") {
        input.push({
          type: "message",
          role: "assistant",
          content: [{ type: "output_text", text: turn.text }],
        });
      } else if (turn.role === "system") {
        input.push({
          type: "message",
          role: "system",
          content: [{ type: "input_text", text: turn.text }],
        });
      } else user({ type: "input_text", text: turn.text });
    } else if (turn.kind === "action") {
      const before = turn.step.frame?.path;
      if (before !== undefined && !shown.has(before)) {
        const image = await walk.loadImage(before);
        if (image) user({ type: "input_image", image_url: dataUrl(image) });
        shown.add(before);
      }
      const { action, pointer } = walk.mapped(turn);
      const callId = `call_step_${turn.step.index}`;
      input.push({
        type: "computer_call",
        id: `cu_step_${turn.step.index}`,
        call_id: callId,
        action: openAiAction(action, pointer, options.scrollPixelsPerUnit),
        pending_safety_checks: [],
        status: "completed",
      });
      const afterPath = walk.frameAfter(turn.step);
      const image = afterPath === undefined ? undefined : await walk.loadImage(afterPath);
      if (afterPath !== undefined) shown.add(afterPath);
      if (image) {
        input.push({
          type: "computer_call_output",
          call_id: callId,
          output: { type: "computer_screenshot", image_url: dataUrl(image) },
        });
      }
    }
  }
  return {
    tools: [
      {
        type: "computer_use_preview",
        display_width: walk.display.width,
        display_height: walk.display.height,
        environment: openAiEnvironment(trace.environment?.platform),
      },
    ],
    input,
  };
}
