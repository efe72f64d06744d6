import type { Command } from "commander";

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("the developer-trace HTTP service (PR Telemetry API) with in-process workers")
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option("--port <port>", "port (0 picks a free one)", "8080")
    .option(
      "--db <dir|url>",
      "catalog: a PGlite folder or postgres://… (default <data-dir>/catalog)",
    )
    .option(
      "--blobs <dir|url>",
      "blobs: a folder or s3://bucket/prefix?endpoint=… (default <data-dir>/blobs)",
    )
    .option(
      "--data-dir <dir>",
      "where the embedded catalog, blobs and HMAC key live",
      "./tracemill-data",
    )
    .option(
      "--api-token <token...>",
      "an accepted API token (repeatable; also TRACEMILL_API_TOKENS)",
    )
    .option("--dev", "generate an API token and print it (local development)")
    .option(
      "--hmac-key <key>",
      "hash-chain key (also TRACEMILL_HMAC_KEY; else kept in the data dir)",
    )
    .option("--workers <n>", "verification workers in this process", "1")
    .option("--no-workers", "run no workers (use `tracemill worker` elsewhere)")
    .option("--judge <provider:model>", "the judge model (default: the config's model, offline)")
    .option("--upload-token-ttl <seconds>", "upload token lifetime", "86400")
    .option("--strict-events", "refuse unknown fields on known event types (default: keep them)")
    .action(async (flags: Record<string, unknown>, command: Command) => {
      const { serveAction } = await import("./serve.js");
      await serveAction(flags, command);
    });
}
