import { Command, CommanderError } from "commander";
import { debugFromEnvironment } from "../config/environment.js";
import { exitCodeFor, exitStatuses, toTracemillError } from "../core/errors.js";
import { toolVersion } from "../version.js";
import { registerCorrectCommand } from "./commands/correct-command.js";
import { registerDemoCommand } from "./commands/demo-command.js";
import { registerDevtraceCommand } from "./commands/devtrace-command.js";
import { registerDoctorCommand } from "./commands/doctor-command.js";
import { registerExportCommand } from "./commands/export-command.js";
import { registerInsightsCommand } from "./commands/insights-command.js";
import { registerModelCommand } from "./commands/model-command.js";
import { registerProcessCommand } from "./commands/process-command.js";
import { registerRunsCommand } from "./commands/runs-command.js";
import { registerSchemaCommand } from "./commands/schema-command.js";
import { registerServeCommand } from "./commands/serve-command.js";
import { registerTrainCommands } from "./commands/train-command.js";
import { registerViewCommand } from "./commands/view-command.js";
import { registerWorkerCommand } from "./commands/worker-command.js";
import { declareGlobalOptions, globalOptions } from "./output.js";

/** The one error boundary of the CLI: every failure becomes one clear line and an exit code. */
export function buildProgram(): Command {
  const program = declareGlobalOptions(
    new Command("tracemill")
      .description(
        "Turn recorded work into graded, privacy-safe, provenance-tracked training data.",
      )
      .version(toolVersion, "-V, --version"),
  ).exitOverride();
  registerDemoCommand(program);
  registerSchemaCommand(program);
  registerDoctorCommand(program);
  registerProcessCommand(program);
  registerExportCommand(program);
  registerModelCommand(program);
  registerServeCommand(program);
  registerWorkerCommand(program);
  registerDevtraceCommand(program);
  registerInsightsCommand(program);
  registerCorrectCommand(program);
  registerTrainCommands(program);
  registerRunsCommand(program);
  registerViewCommand(program);
  pointToHelpOnUsageErrors(program);
  return program;
}

/**
 * A missing or unknown flag prints commander's one error line, as `tracemill: …`, and where to
 * read more (`see: tracemill <command> --help`), not the whole help (exit 64).
 */
export function pointToHelpOnUsageErrors(command: Command, path: string[] = []): void {
  const names = [...path, command.name()];
  command.showHelpAfterError(`see: ${names.join(" ")} --help`);
  command.configureOutput({
    outputError: (text, write) => write(text.replace(/^error: /, "tracemill: ")),
  });
  for (const sub of command.commands) pointToHelpOnUsageErrors(sub, names);
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? exitStatuses.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; their text is already printed.
      return error.exitCode === 0 ? exitStatuses.ok : exitStatuses.usage;
    }
    const failure = toTracemillError(error);
    if (globalOptions(program).json) {
      process.stdout.write(`${JSON.stringify({ error: failure.toJSON() }, null, 2)}\n`);
    }
    // A few messages say all a person needs (a port in use); the rest carry their error code.
    const plain = failure.details?.plain === true;
    process.stderr.write(`tracemill: ${plain ? "" : `${failure.code}: `}${failure.message}\n`);
    if (failure.code === "internal" && debugFromEnvironment()) {
      process.stderr.write(`${(error as Error).stack ?? ""}\n`);
    }
    return exitCodeFor(failure);
  }
}
