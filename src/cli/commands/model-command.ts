import type { Command } from "commander";
import { TracemillError } from "../../core/errors.js";
import type { ModelTryOptions } from "./model.js";

export function registerModelCommand(program: Command): void {
  const model = program.command("model").description("talk to the configured language model");
  model
    .command("try")
    .description(
      "send one prompt through the model door (redaction, cache, limits, retries, validation)",
    )
    .option(
      "--provider <provider:model>",
      "e.g. openai:gpt-4o-mini, offline:default, scripted:demo",
    )
    .requiredOption("--prompt <text>", "the prompt to send")
    .option(
      "--schema <file.json>",
      "JSON Schema the answer must match (default: { answer: string })",
    )
    .option("--base-url <url>", "OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp, Azure)")
    .option("--api-key <key>", "API key (default: OPENAI_API_KEY)")
    .option("--timeout <ms>", "per-request timeout in milliseconds", parseNumber)
    .option("--max-retries <n>", "retries on timeouts, 408/409/429 and 5xx", parseNumber)
    .option("--no-cache", "always send the request, never answer from the cache")
    .option("--max-cost <usd>", "refuse to send once this much would be spent", parseNumber)
    .action(async (options: ModelTryOptions, command: Command) => {
      const { modelTryAction } = await import("./model.js");
      await modelTryAction(options, command);
    });
}

function parseNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number))
    throw new TracemillError("input_invalid", `expected a number, got "${value}"`);
  return number;
}
