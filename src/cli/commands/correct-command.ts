import type { Command } from "commander";
import type { CorrectFlags } from "./correct.js";

export function registerCorrectCommand(program: Command): void {
  const command = program
    .command("correct")
    .description(
      "propose corrections for human takeover segments in robot episodes (model or offline baseline)",
    )
    .option("--base-dir <folder>", "a study: traj_metadata.json, trajectory_data_<session>/ …")
    .option("--episodes <file...>", "loose trajectory files instead of a study")
    .option(
      "--frames-dir <folder>",
      "with --episodes: where the frames are (default: beside each file)",
    )
    .requiredOption("--corrected-dir <folder>", "where corrected episodes and sidecars are written")
    .option("--strategy <name>", "correct | weight | filter | reject", "correct")
    .option("--include-failed", "also episodes with metrics.success_rate 0")
    .option("--min-segment <n>", "shortest intervention run that is corrected", "3")
    .option("--context-steps <n>", "steps before a segment shown to the model", "10")
    .option(
      "--image-sample-rate <n>",
      "every n-th frame of the window goes into the image grid",
      "3",
    )
    .option("--no-images", "send no image grid")
    .option("--no-transcript", "send no transcript lines")
    .option("--num-workers <n>", "episodes in parallel", "2")
    .option("--max-retries <n>", "re-asks after an invalid answer", "2")
    .option("--force-recorrect", "correct episodes that already have a corrected copy")
    .option("--dry-run", "print the requests that would be sent; write nothing")
    .option(
      "--provider <provider:model>",
      "e.g. openai:gpt-4o-mini (default: the offline baseline)",
    )
    .option("--base-url <url>", "OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp, Azure)")
    .option("--api-key <key>", "API key (default: OPENAI_API_KEY)")
    .option("--hz <n>", "steps per second of the recordings", "10")
    .action(async (flags: CorrectFlags, self: Command) => {
      const { correctAction } = await import("./correct.js");
      await correctAction(flags, self);
    });
  command.addHelpText(
    "after",
    "\nExamples:\n  tracemill correct --base-dir study --corrected-dir corrected\n  tracemill correct --episodes run/*.json --include-failed --corrected-dir corrected --strategy weight\n  tracemill correct --base-dir study --corrected-dir corrected --provider openai:gpt-4o-mini --dry-run",
  );
}
