import type { Command } from "commander";
import type { CorrectAndTrainFlags, TrainBcFlags } from "./train.js";

export function registerTrainCommands(program: Command): void {
  const trainBcCommand = addTrainingOptions(
    program
      .command("train-bc")
      .description("train a behaviour-cloning policy (tfjs, wasm) on robot episodes")
      .option("--data <folder>", "a corrected folder (<session>/trajectory_0_<n>.json) or a study")
      .option("--episodes <file...>", "loose trajectory files")
      .option(
        "--evaluate <checkpoint>",
        "score a checkpoint on the held-out episodes; no training",
      ),
  ).action(async (flags: TrainBcFlags, command: Command) => {
    const { trainBcAction } = await import("./train.js");
    await trainBcAction(flags, command);
  });
  trainBcCommand.addHelpText(
    "after",
    "\nExamples:\n  tracemill train-bc --data corrected --out bc\n  tracemill train-bc --episodes run/*.json --include-failed --out bc --iterations 200\n  tracemill train-bc --data corrected --evaluate bc/checkpoints/step_1000\n  tracemill train-bc --data corrected --out bc --export lerobot lerobot-dataset",
  );

  const correctAndTrainCommand = addTrainingOptions(
    program
      .command("correct-and-train")
      .description("correct human takeover segments, then train a behaviour-cloning policy on them")
      .option("--base-dir <folder>", "a study: traj_metadata.json, trajectory_data_<session>/ …")
      .option("--episodes <file...>", "loose trajectory files instead of a study")
      .option("--corrected-dir <folder>", "where corrected episodes and sidecars go", "corrected")
      .option("--skip-correction", "train on the episodes as recorded")
      .option("--skip-training", "correct only")
      .option("--force-recorrect", "correct episodes that already have a corrected copy")
      .option("--use-existing-corrected", "train on what --corrected-dir holds; do not correct")
      .option("--strategy <name>", "correct | weight | filter | reject", "correct")
      .option("--min-segment <n>", "shortest intervention run that is corrected", "3")
      .option("--context-steps <n>", "steps before a segment shown to the model", "10")
      .option("--image-sample-rate <n>", "every n-th frame of the window goes into the grid", "3")
      .option("--no-images", "send no image grid")
      .option("--no-transcript", "send no transcript lines")
      .option("--max-retries <n>", "re-asks after an invalid answer", "2")
      .option("--num-workers <n>", "episodes corrected in parallel", "2")
      .option(
        "--provider <provider:model>",
        "vision model, e.g. openai:gpt-4o-mini (default: offline baseline)",
      )
      .option("--base-url <url>", "OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp, Azure)")
      .option("--api-key <key>", "API key (default: OPENAI_API_KEY)")
      .option("--hz <n>", "steps per second of the recordings", "10"),
  ).action(async (flags: CorrectAndTrainFlags, command: Command) => {
    const { correctAndTrainAction } = await import("./train.js");
    await correctAndTrainAction(flags, command);
  });
  correctAndTrainCommand.addHelpText(
    "after",
    "\nExamples:\n  tracemill correct-and-train --episodes samples/*.json --include-failed --out bc\n  tracemill correct-and-train --base-dir study --provider openai:gpt-4o-mini --out bc\n  tracemill correct-and-train --base-dir study --use-existing-corrected --out bc --iterations 2000",
  );
}

function addTrainingOptions(command: Command): Command {
  return command
    .option("--out <folder>", "checkpoints, losses.jsonl and loss.png go here", "bc")
    .option("--include-failed", "also episodes with metrics.success_rate 0")
    .option("--iterations <n>", "training iterations", "1000")
    .option("--batch-size <n>", "samples per iteration (consecutive windows)", "256")
    .option("--lr <x>", "Adam learning rate", "1e-2")
    .option("--weight-decay <x>", "decoupled weight decay", "1e-4")
    .option("--hidden-dim <n>", "width of each hidden layer", "256")
    .option("--num-layers <n>", "hidden layers", "2")
    .option("--dropout <x>", "dropout after each hidden layer", "0.1")
    .option("--w-delta <x>", "weight of the consecutive-change term", "1")
    .option("--w-jump <x>", "weight of the jump penalty", "1")
    .option("--w-sat <x>", "weight of the saturation penalty", "0.1")
    .option("--w-jac <x>", "weight of the Jacobian penalty (0 = not computed)", "0")
    .option("--delta-max <x>", "largest consecutive predicted change not penalised", "0.15")
    .option("--sat-margin <x>", "|action| above which outputs are penalised", "0.9")
    .option("--checkpoint-freq <n>", "iterations between checkpoints", "100")
    .option("--seed <n>", "seed for the split, initialisation, batches and dropout", "42")
    .option("--fresh", "start over instead of resuming from checkpoints in --out")
    .option("--backend <name>", "auto | wasm | cpu", "auto")
    .option(
      "--export <format-and-folder...>",
      "also write the episodes as a dataset: lerobot <folder>",
    )
    .option("--fps <n>", "LeRobot export: frames per second", "10")
    .option("--robot-type <name>", "LeRobot export: robot_type in info.json");
}
