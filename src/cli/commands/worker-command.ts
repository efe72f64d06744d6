import type { Command } from "commander";
import type { WorkerFlags } from "./worker.js";

export function registerWorkerCommand(program: Command): void {
  program
    .command("worker")
    .description("run only devtrace verification workers, sharing the server's database and blobs")
    .option(
      "--db <dir|url>",
      "catalog: postgres://… shared with `serve` (an embedded PGlite folder is refused: use serve --workers N)",
    )
    .option("--blobs <dir|url>", "blobs: s3://bucket/prefix?endpoint=… or a shared folder")
    .option("--data-dir <dir>", "default location of the catalog and blobs", "./tracemill-data")
    .option("--concurrency <n>", "jobs at once in this process", "1")
    .option("--judge <provider:model>", "the judge model (default: the config's model, offline)")
    .action(async (flags: WorkerFlags, command: Command) => {
      const { workerAction } = await import("./worker.js");
      await workerAction(flags, command);
    });
}
