/**
 * src/format: a screen Trace as its outputs — results.json, sft.json, the Anthropic and OpenAI
 * computer-use conversations, the HTML previews and metrics.json. Pure functions; the only I/O
 * is the injected `readImage` for embedding screenshots.
 */
export * from "./action-code.js";
export * from "./computer-use-schemas.js";
export type { ComputerUseOptions } from "./computer-use-walk.js";
export * from "./conversation-turns.js";
export { escapeHtml, type Overlay } from "./html-kit.js";
export * from "./image-size.js";
export * from "./image-space.js";
export * from "./key-names.js";
export * from "./parse-action-code.js";
export * from "./render-results-html.js";
export * from "./render-sft-html.js";
export * from "./results-schema.js";
export * from "./session-facts.js";
export * from "./session-metrics.js";
export * from "./sft-message.js";
export * from "./to-anthropic-computer-use.js";
export * from "./to-openai-computer-use.js";
export * from "./trace-to-results.js";
export * from "./trace-to-sft.js";
