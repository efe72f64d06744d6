import type { Command } from "commander";
import type { DevtraceExportFlags, SubmitFlags } from "./devtrace.js";

export function registerDevtraceCommand(program: Command): void {
  const devtrace = program
    .command("devtrace")
    .description(
      "developer traces: submit a chunk folder, verify a sealed trace, prune old traces",
    );

  devtrace
    .command("submit")
    .description("replay a folder of chunks against a server like the PR Telemetry client does")
    .argument("<chunks-dir>", "folder of chunk_*.json files")
    .option("--server <url>", "the tracemill serve URL", "http://127.0.0.1:8080")
    .option("--token <token>", "an API token (default: TRACEMILL_API_TOKEN)")
    .option("--task <file>", "the create-trace body (default: task.json beside the chunks folder)")
    .option("--snapshot <dir>", "a workspace folder to upload as workspace_snapshot.tar.gz")
    .option("--no-wait", "return after complete instead of polling for the result")
    .option("--timeout <seconds>", "how long to wait for verification and judging", "600")
    .option("--allow-gaps", "submit even when some chunk files are unreadable (else exit 65)")
    .action(async (chunksDir: string, flags: SubmitFlags, command: Command) => {
      const { devtraceSubmitAction } = await import("./devtrace.js");
      await devtraceSubmitAction(chunksDir, flags, command);
    });

  devtrace
    .command("verify")
    .description(
      "recompute a sealed trace's HMAC chain and seal, name the first broken link, and check chunk bytes and top-level events",
    )
    .argument(
      "[trace.json]",
      "a trace as GET /v1/traces/{id} answers it, as `devtrace export` writes it, or the tracemill Trace",
    )
    .option("--key <key>", "the server's HMAC key (default: TRACEMILL_HMAC_KEY, then --data-dir)")
    .option("--data-dir <dir>", "where `serve` keeps its generated key", "./tracemill-data")
    .option("--stored <trace_id>", "check a trace in the catalog: its seal and every raw chunk row")
    .option("--db <dir|url>", "catalog for --stored: a PGlite folder or postgres://…")
    .option("--blobs <dir|url>", "blobs for --stored: a folder or s3://…")
    .action(
      async (
        file: string | undefined,
        flags: { key?: string; dataDir: string; stored?: string; db?: string; blobs?: string },
        command: Command,
      ) => {
        const { devtraceVerifyAction } = await import("./devtrace.js");
        await devtraceVerifyAction(file, flags, command);
      },
    );

  devtrace
    .command("prune")
    .description("delete traces older than a duration, with their chunks, artifacts and blobs")
    .requiredOption("--older-than <duration>", "e.g. 90d, 12h, 2w")
    .option("--db <dir|url>", "catalog: a PGlite folder or postgres://…")
    .option("--blobs <dir|url>", "blobs: a folder or s3://…")
    .option("--data-dir <dir>", "default location of the catalog and blobs", "./tracemill-data")
    .action(
      async (
        flags: { olderThan: string; db?: string; blobs?: string; dataDir: string },
        command: Command,
      ) => {
        const { devtracePruneAction } = await import("./devtrace.js");
        await devtracePruneAction(flags, command);
      },
    );

  devtrace
    .command("export")
    .description(
      "write validated traces as folders `tracemill export` reads (trace, grade, verification, sft, chunks)",
    )
    .requiredOption("-o, --out <dir>", "where to write one folder per trace")
    .option("--db <dir|url>", "catalog: a PGlite folder or postgres://…")
    .option("--blobs <dir|url>", "blobs: a folder or s3://…")
    .option("--data-dir <dir>", "default location of the catalog and blobs", "./tracemill-data")
    .option(
      "--key <key>",
      "HMAC key to check chains and seals (default: TRACEMILL_HMAC_KEY, then --data-dir)",
    )
    .option(
      "--include-unverified",
      "let traces whose tests could not run through to SFT (default: kept out, labelled unverified)",
    )
    .action(async (flags: DevtraceExportFlags, command: Command) => {
      const { devtraceExportAction } = await import("./devtrace.js");
      await devtraceExportAction(flags, command);
    });

  devtrace.addHelpText(
    "after",
    "\nExamples:\n  tracemill devtrace submit examples/devtrace/one-line-fix/chunks --token $T --snapshot examples/devtrace/one-line-fix/workspace\n  tracemill devtrace verify trace.json --key $TRACEMILL_HMAC_KEY\n  tracemill devtrace prune --older-than 90d --db postgres://localhost/tracemill\n  tracemill devtrace export --out devtraces && tracemill export all --from devtraces --out exports",
  );
}
