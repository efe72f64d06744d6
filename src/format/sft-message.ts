import { z } from "zod";

/**
 * sft.json: the screen-session SFT format its users already consume. An array of messages in
 * time order; content is a string or one image. Actions are assistant messages holding a
 * ```python code block (click(x, y), drag([...]), type("…"), hotkey("…"), scroll(n)).
 */
export const sftContentSchema = z.union([
  z.string(),
  z.object({ type: z.literal("image"), data: z.string().describe("base64 JPEG, no data: prefix") }),
]);

export const sftMessageSchema = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: sftContentSchema,
  timestamp: z.number().describe("epoch milliseconds"),
});

export type SftContent = z.infer<typeof sftContentSchema>;
export type SftMessage = z.infer<typeof sftMessageSchema>;
export const sftFileSchema = z.array(sftMessageSchema);
