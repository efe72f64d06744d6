import type { Command } from "commander";

/** `tracemill view`: the local web app over runs and outputs (action in view.ts, loaded on use). */
export function registerViewCommand(program: Command): void {
  program
    .command("view")
    .description(
      "a local web app over runs, sessions, insights, datasets, devtraces and robot runs",
    )
    .option("--data <dir>", "a folder of outputs to show (e.g. the demo's demo-out)")
    .option("--port <port>", "port (0 picks a free one)", "4000")
    .option("--host <host>", "interface to bind (anything but loopback needs --token)", "127.0.0.1")
    .option("--token <token>", "required on every request (also TRACEMILL_VIEW_TOKEN)")
    .option(
      "--hmac-key <key>",
      "verify devtrace hash chains with this key (also TRACEMILL_HMAC_KEY)",
    )
    .option(
      "--db <spec>",
      "the devtrace catalog to read live: a PGlite folder or postgres://… (default <data>/catalog)",
    )
    .option("--blobs <spec>", "the blob store of command outputs (default <data>/blobs)")
    .option("--static <run>", "write one run's views as one self-contained HTML file (needs --out)")
    .option("--out <file>", "where --static writes", "report.html")
    .action(async (flags: Record<string, unknown>, command: Command) => {
      const { viewAction } = await import("./view.js");
      await viewAction(flags, command);
    });
}
