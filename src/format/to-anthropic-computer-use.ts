import type { Trace } from "../core/trace.js";
import type {
  AnthropicComputerInput,
  AnthropicComputerUse,
  AnthropicMessage,
} from "./computer-use-schemas.js";
import { type ComputerUseOptions, computerUseWalk, type ImageData } from "./computer-use-walk.js";
import type { ScreenAction } from "./conversation-turns.js";
import { toXdotoolKey } from "./key-names.js";

type UserBlock = Extract<AnthropicMessage, { role: "user" }>["content"][number];
type AssistantBlock = Extract<AnthropicMessage, { role: "assistant" }>["content"][number];

type ImageBlock = Extract<UserBlock, { type: "image" }>;

function imageBlock(image: ImageData): ImageBlock {
  return {
    type: "image",
    source: { type: "base64", media_type: image.mediaType, data: image.data },
  };
}

/**
 * One action as the `computer` tool's input. A drag keeps only its ends (left_click_drag has no
 * path, and no button: every drag is sent as a left drag). Keys use xdotool names.
 */
export function anthropicInput(
  action: ScreenAction,
  pointer: [number, number],
  scrollUnitsPerClick = 1,
): AnthropicComputerInput {
  switch (action.type) {
    case "click": {
      const name = `${action.button}_click` as const;
      return { action: name, coordinate: [action.x, action.y] };
    }
    case "double_click":
      return { action: "double_click", coordinate: [action.x, action.y] };
    case "move":
      return { action: "mouse_move", coordinate: [action.x, action.y] };
    case "drag": {
      const start = action.path[0] as [number, number];
      const end = action.path[action.path.length - 1] as [number, number];
      return { action: "left_click_drag", start_coordinate: start, coordinate: end };
    }
    case "type":
      return { action: "type", text: action.text };
    case "key":
      return { action: "key", text: action.keys.map(toXdotoolKey).join("+") };
    case "scroll": {
      const vertical = Math.abs(action.dy) >= Math.abs(action.dx);
      const delta = vertical ? action.dy : action.dx;
      const direction = vertical ? (delta < 0 ? "up" : "down") : delta < 0 ? "left" : "right";
      return {
        action: "scroll",
        coordinate: pointer,
        scroll_direction: direction,
        scroll_amount: Math.max(1, Math.round(Math.abs(delta) / scrollUnitsPerClick)),
      };
    }
  }
}

/**
 * The session as an Anthropic computer-use conversation: the task and messages as text, each
 * action an assistant `tool_use` of the `computer` tool, followed by a user `tool_result`
 * holding the next screenshot. The screenshot before the first action (or any action whose
 * frame was not already returned) is shown as an image in the user turn before it.
 */
export async function toAnthropicComputerUse(
  trace: Trace,
  options: ComputerUseOptions,
): Promise<AnthropicComputerUse> {
  const walk = computerUseWalk(trace, options);
  const messages: AnthropicMessage[] = [];
  const system: string[] = [];
  const shown = new Set<string>();
  const user = (block: UserBlock) => {
    const last = messages[messages.length - 1];
    if (last?.role === "user") last.content.push(block);
    else messages.push({ role: "user", content: [block] });
  };
  const assistant = (block: AssistantBlock) => {
    const last = messages[messages.length - 1];
    if (last?.role === "assistant") last.content.push(block);
    else messages.push({ role: "assistant", content: [block] });
  };
  for (const turn of walk.turns) {
    if (turn.kind === "task") user({ type: "text", text: turn.text });
    else if (turn.kind === "text") {
      if (turn.role === "system") system.push(turn.text);
      else if (turn.role === "user") user({ type: "text", text: turn.text });
      else assistant({ type: "text", text: turn.text });
    } else if (turn.kind === "action") {
      const before = turn.step.frame?.path;
      if (before !== undefined && !shown.has(before)) {
        const image = await walk.loadImage(before);
        if (image) user(imageBlock(image));
        shown.add(before);
      }
      const { action, pointer } = walk.mapped(turn);
      const id = `toolu_step_${turn.step.index}`;
      const input = anthropicInput(action, pointer, options.scrollUnitsPerClick);
      assistant({ type: "tool_use", id, name: "computer", input });
      const afterPath = walk.frameAfter(turn.step);
      const image = afterPath === undefined ? undefined : await walk.loadImage(afterPath);
      if (afterPath !== undefined) shown.add(afterPath);
      // Every tool_use needs its tool_result; without a screenshot it says so in text.
      const content = image
        ? [imageBlock(image)]
        : [{ type: "text" as const, text: "no screenshot" }];
      messages.push({ role: "user", content: [{ type: "tool_result", tool_use_id: id, content }] });
    }
  }
  const result: AnthropicComputerUse = {
    tools: [
      {
        type: "computer_20250124",
        name: "computer",
        display_width_px: walk.display.width,
        display_height_px: walk.display.height,
      },
    ],
    messages,
  };
  if (system.length > 0) result.system = system.join("\n\n");
  return result;
}
