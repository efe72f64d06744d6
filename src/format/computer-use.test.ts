import { describe, expect, it } from "vitest";
import { desktopTrace, jpegReader, typedText, webTrace } from "./__fixtures__/screen-traces.js";
import {
  type AnthropicMessage,
  anthropicComputerUseSchema,
  openAiComputerUseSchema,
} from "./computer-use-schemas.js";
import { toXdotoolKey } from "./key-names.js";
import { toAnthropicComputerUse } from "./to-anthropic-computer-use.js";
import { toOpenAIComputerUse } from "./to-openai-computer-use.js";

const blockTypes = (m: AnthropicMessage) => m.content.map((b) => b.type);

describe("toAnthropicComputerUse", () => {
  it("is a valid computer-use conversation with the display size of the screenshots", async () => {
    const { readImage } = await jpegReader();
    const out = anthropicComputerUseSchema.parse(
      await toAnthropicComputerUse(desktopTrace(), { readImage }),
    );
    expect(out.tools[0]).toMatchObject({
      display_width_px: 1280,
      display_height_px: 800,
      name: "computer",
    });
    expect(out.messages.map((m) => `${m.role}:${blockTypes(m).join("+")}`)).toEqual([
      "user:text+text+image",
      "assistant:tool_use",
      "user:tool_result",
      "assistant:tool_use",
      "user:tool_result",
      "assistant:tool_use",
      "user:tool_result",
      "assistant:tool_use",
      "user:tool_result",
      "assistant:tool_use",
      "user:tool_result+image", // the scroll's own frame was never a tool result: shown before it
      "assistant:tool_use",
      "user:tool_result",
      "assistant:tool_use",
      "user:tool_result",
    ]);
  });

  it("pairs every tool_use with the next message's tool_result and maps actions", async () => {
    const { readImage } = await jpegReader();
    const { messages } = await toAnthropicComputerUse(desktopTrace(), { readImage });
    const inputs = [];
    for (const [i, message] of messages.entries()) {
      for (const block of message.content) {
        if (block.type !== "tool_use") continue;
        const result = messages[i + 1]?.content[0];
        expect(result).toMatchObject({ type: "tool_result", tool_use_id: block.id });
        inputs.push(block.input);
      }
    }
    expect(inputs).toEqual([
      { action: "left_click", coordinate: [640, 400] },
      { action: "double_click", coordinate: [89, 44] },
      { action: "left_click_drag", start_coordinate: [44, 44], coordinate: [444, 267] },
      { action: "type", text: typedText },
      { action: "key", text: "super+c" },
      { action: "scroll", coordinate: [640, 400], scroll_direction: "down", scroll_amount: 3 },
      { action: "right_click", coordinate: [1279, 799] },
    ]);
    const last = messages.at(-1)?.content[0];
    expect(last).toMatchObject({
      type: "tool_result",
      content: [{ type: "text", text: "no screenshot" }],
    });
  });

  it("puts web messages as text, drops the reward and scrolls where the pointer was", async () => {
    const { readImage } = await jpegReader();
    const out = anthropicComputerUseSchema.parse(
      await toAnthropicComputerUse(webTrace(), { readImage }),
    );
    expect(JSON.stringify(out)).not.toContain("Good progress");
    expect(out.messages[0]?.content).toEqual([
      { type: "text", text: "Task: Open the Activities overview" },
      { type: "text", text: "Click the Applications Menu" },
    ]);
    expect(out.messages[1]?.content[0]).toEqual({ type: "text", text: "The menu is open." });
    const scroll = out.messages.at(-2)?.content[0];
    expect(scroll).toMatchObject({
      type: "tool_use",
      input: { action: "scroll", coordinate: [20, 10], scroll_direction: "up", scroll_amount: 2 },
    });
  });

  it("names keys the xdotool way", () => {
    expect(["enter", "pageup", "f5", "cmd", ";", "a"].map(toXdotoolKey)).toEqual([
      "Return",
      "Page_Up",
      "F5",
      "super",
      "semicolon",
      "a",
    ]);
  });
});

describe("toOpenAIComputerUse", () => {
  it("is valid Responses API input with computer_call / computer_call_output pairs", async () => {
    const { readImage } = await jpegReader();
    const out = openAiComputerUseSchema.parse(
      await toOpenAIComputerUse(desktopTrace(), { readImage }),
    );
    expect(out.tools[0]).toEqual({
      type: "computer_use_preview",
      display_width: 1280,
      display_height: 800,
      environment: "mac",
    });
    expect(out.input.map((item) => item.type)).toEqual([
      "message",
      ...Array(5).fill(["computer_call", "computer_call_output"]).flat(),
      "message", // the scroll's frame as an input_image
      "computer_call",
      "computer_call", // no later frame: no output item
    ]);
    const calls = out.input.flatMap((item) => (item.type === "computer_call" ? [item.action] : []));
    expect(calls).toEqual([
      { type: "click", button: "left", x: 640, y: 400 },
      { type: "double_click", x: 89, y: 44 },
      {
        type: "drag",
        path: [
          { x: 44, y: 44 },
          { x: 222, y: 133 },
          { x: 444, y: 267 },
        ],
      },
      { type: "type", text: typedText },
      { type: "keypress", keys: ["CMD", "C"] },
      { type: "scroll", x: 640, y: 400, scroll_x: 0, scroll_y: 3 },
      { type: "click", button: "right", x: 1279, y: 799 },
    ]);
    for (const [i, item] of out.input.entries()) {
      if (item.type !== "computer_call_output") continue;
      const call = out.input[i - 1];
      expect(call?.type === "computer_call" && call.call_id).toBe(item.call_id);
      expect(item.output.image_url).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    }
  });

  it("keeps web messages in their roles and leaves the reward out", async () => {
    const { readImage } = await jpegReader();
    const out = openAiComputerUseSchema.parse(
      await toOpenAIComputerUse(webTrace(), { readImage, scrollPixelsPerUnit: 100 }),
    );
    expect(out.tools[0].environment).toBe("linux");
    expect(out.input[0]).toEqual({
      type: "message",
      role: "user",
      content: [
        { type: "input_text", text: "Task: Open the Activities overview" },
        { type: "input_text", text: "Click the Applications Menu" },
      ],
    });
    expect(out.input[1]).toEqual({
      type: "message",
      role: "assistant",
      content: [{ type: "output_text", text: "The menu is open." }],
    });
    expect(JSON.stringify(out)).not.toContain("Good progress");
    const actions = out.input.flatMap((item) =>
      item.type === "computer_call" ? [item.action] : [],
    );
    expect(actions.slice(1)).toEqual([
      { type: "keypress", keys: ["ENTER"] },
      { type: "scroll", x: 20, y: 10, scroll_x: 0, scroll_y: -200 },
    ]);
  });
});

describe("computer-use schemas", () => {
  it("reject shapes the providers would refuse", () => {
    const tools = [
      { type: "computer_20250124", name: "computer", display_width_px: 10, display_height_px: 10 },
    ];
    const toolUse = (input: unknown) => ({
      tools,
      messages: [
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "toolu_1", name: "computer", input }],
        },
      ],
    });
    expect(
      anthropicComputerUseSchema.safeParse(toolUse({ action: "left_click", coordinate: [1, 2] }))
        .success,
    ).toBe(true);
    expect(
      anthropicComputerUseSchema.safeParse(toolUse({ action: "left_click", coordinate: [1.5, 2] }))
        .success,
    ).toBe(false);
    expect(
      anthropicComputerUseSchema.safeParse(toolUse({ action: "scroll", coordinate: [1, 2] }))
        .success,
    ).toBe(false);
    const output = (image_url: string) => ({
      tools: [
        { type: "computer_use_preview", display_width: 10, display_height: 10, environment: "mac" },
      ],
      input: [
        {
          type: "computer_call_output",
          call_id: "c",
          output: { type: "computer_screenshot", image_url },
        },
      ],
    });
    expect(openAiComputerUseSchema.safeParse(output("data:image/jpeg;base64,AAAA")).success).toBe(
      true,
    );
    expect(openAiComputerUseSchema.safeParse(output("https://example.com/x.jpg")).success).toBe(
      false,
    );
  });
});
