import { z } from "zod";

/**
 * The shapes of the two computer-use conversation formats, as the providers document them
 * (Anthropic Messages API with the `computer` tool; OpenAI Responses API `computer_call` items).
 * Exported so callers and tests can validate what they send or store.
 */

// --- Anthropic ------------------------------------------------------------------------------
const coordinate = z.tuple([z.number().int(), z.number().int()]);
const anthropicText = z.object({ type: z.literal("text"), text: z.string() });
const anthropicImage = z.object({
  type: z.literal("image"),
  source: z.object({
    type: z.literal("base64"),
    media_type: z.enum(["image/jpeg", "image/png"]),
    data: z.string().min(1),
  }),
});

export const anthropicComputerInputSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.enum(["left_click", "right_click", "middle_click", "double_click", "mouse_move"]),
    coordinate,
  }),
  z.object({ action: z.literal("left_click_drag"), start_coordinate: coordinate, coordinate }),
  z.object({ action: z.literal("type"), text: z.string() }),
  z.object({ action: z.literal("key"), text: z.string().min(1) }),
  z.object({
    action: z.literal("scroll"),
    coordinate,
    scroll_direction: z.enum(["up", "down", "left", "right"]),
    scroll_amount: z.number().int().positive(),
  }),
]);

const anthropicToolUse = z.object({
  type: z.literal("tool_use"),
  id: z.string().regex(/^[a-zA-Z0-9_-]+$/),
  name: z.literal("computer"),
  input: anthropicComputerInputSchema,
});
const anthropicToolResult = z.object({
  type: z.literal("tool_result"),
  tool_use_id: z.string().min(1),
  content: z.array(z.union([anthropicText, anthropicImage])),
});

export const anthropicMessageSchema = z.discriminatedUnion("role", [
  z.object({
    role: z.literal("user"),
    content: z.array(z.union([anthropicText, anthropicImage, anthropicToolResult])).min(1),
  }),
  z.object({
    role: z.literal("assistant"),
    content: z.array(z.union([anthropicText, anthropicToolUse])).min(1),
  }),
]);

export const anthropicComputerUseSchema = z.object({
  system: z.string().optional(),
  tools: z.tuple([
    z.object({
      type: z.literal("computer_20250124"),
      name: z.literal("computer"),
      display_width_px: z.number().int().positive(),
      display_height_px: z.number().int().positive(),
    }),
  ]),
  messages: z.array(anthropicMessageSchema),
});

export type AnthropicComputerInput = z.infer<typeof anthropicComputerInputSchema>;
export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;
export type AnthropicComputerUse = z.infer<typeof anthropicComputerUseSchema>;

// --- OpenAI ---------------------------------------------------------------------------------
const xy = { x: z.number().int(), y: z.number().int() };

export const openAiComputerActionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("click"), button: z.enum(["left", "right", "wheel"]), ...xy }),
  z.object({ type: z.literal("double_click"), ...xy }),
  z.object({ type: z.literal("move"), ...xy }),
  z.object({ type: z.literal("drag"), path: z.array(z.object(xy)).min(2) }),
  z.object({ type: z.literal("keypress"), keys: z.array(z.string().min(1)).min(1) }),
  z.object({ type: z.literal("type"), text: z.string() }),
  z.object({
    type: z.literal("scroll"),
    ...xy,
    scroll_x: z.number().int(),
    scroll_y: z.number().int(),
  }),
]);

const dataUrl = z.string().regex(/^data:image\/(jpeg|png);base64,[A-Za-z0-9+/]+=*$/);

// A union, not a discriminated one: two members share type "message" (told apart by role).
export const openAiInputItemSchema = z.union([
  z.object({
    type: z.literal("message"),
    role: z.enum(["user", "system"]),
    content: z
      .array(
        z.discriminatedUnion("type", [
          z.object({ type: z.literal("input_text"), text: z.string() }),
          z.object({ type: z.literal("input_image"), image_url: dataUrl }),
        ]),
      )
      .min(1),
  }),
  z.object({
    type: z.literal("message"),
    role: z.literal("assistant"),
    content: z.array(z.object({ type: z.literal("output_text"), text: z.string() })).min(1),
  }),
  z.object({
    type: z.literal("computer_call"),
    id: z.string().min(1),
    call_id: z.string().min(1),
    action: openAiComputerActionSchema,
    pending_safety_checks: z.array(z.unknown()),
    status: z.literal("completed"),
  }),
  z.object({
    type: z.literal("computer_call_output"),
    call_id: z.string().min(1),
    output: z.object({ type: z.literal("computer_screenshot"), image_url: dataUrl }),
  }),
]);

export const openAiComputerUseSchema = z.object({
  tools: z.tuple([
    z.object({
      type: z.literal("computer_use_preview"),
      display_width: z.number().int().positive(),
      display_height: z.number().int().positive(),
      environment: z.enum(["mac", "windows", "ubuntu", "linux", "browser"]),
    }),
  ]),
  input: z.array(openAiInputItemSchema),
});

export type OpenAiComputerAction = z.infer<typeof openAiComputerActionSchema>;
export type OpenAiInputItem = z.infer<typeof openAiInputItemSchema>;
export type OpenAiComputerUse = z.infer<typeof openAiComputerUseSchema>;
