import type { Command } from "commander";
import type { ProcessFlags } from "../../pipelines/screen/index.js";

export type ProcessCommandFlags = ProcessFlags & {
  maxCost?: number;
  cache?: boolean;
  baseUrl?: string;
  apiKey?: string;
};

export function registerProcessCommand(program: Command): void {
  program
    .command("process")
    .description(
      "screen sessions (desktop or web) → trace.json, results.json, sft.json, HTML previews, scores.json",
    )
    .option("-o, --out <dir>", "output folder (default ./out; with -i, the session's parent)")
    .option("-f, --format <format>", "web | desktop", "web")
    .option(
      "-s, --sessions <ids>",
      "comma-separated session ids (default: every session in --data)",
    )
    .option("-d, --data <dir>", "folder holding the sessions (default ./data)")
    .option(
      "-i, --input <dir>",
      "one session folder: its parent is data and out, its name the session id",
    )
    .option("--ffmpeg <path>", "ffmpeg binary (default: PATH, else the bundled one)")
    .option("--ffprobe <path>", "ffprobe binary (default: PATH, else the bundled one)")
    .option("--grade", "grade each session and write scores.json")
    .option("--chunk-size <n>", "SFT messages per grading request", "4")
    .option(
      "--judge <provider:model>",
      "judge model (default: openai when a key is set, otherwise offline)",
    )
    .option("--weights <spec>", "component weights, e.g. outcome=0.6,process=0.3,efficiency=0.1")
    .option("--concurrency <n>", "sessions processed at once", "2")
    .option("--max-cost <usd>", "stop before model spending would exceed this", Number)
    .option("--no-cache", "always ask the model, never answer from the cache")
    .option("--force", "reprocess even when sft.json exists")
    .option(
      "--action-format <format>",
      "pyautogui | anthropic | openai (the latter two also write sft.<format>.json)",
      "pyautogui",
    )
    .option("--crop", "also write a crop around each action point")
    .option(
      "--augment",
      "web: dense captions, state transitions and structured data through a vision model",
    )
    .option("--keyboard-layout <layout>", "desktop: us | fr | de (default: from meta.json locale)")
    .option("--base-url <url>", "OpenAI-compatible endpoint for the judge")
    .option("--api-key <key>", "API key for the judge (default OPENAI_API_KEY)")
    .action(async (flags: ProcessCommandFlags, command: Command) => {
      const { processAction } = await import("./process.js");
      await processAction(flags, command);
    });
}
