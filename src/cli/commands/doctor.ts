import type { Command } from "commander";
import { renderDoctorReport, runDoctor } from "../../doctor/index.js";
import { toolVersion } from "../../version.js";
import { configFor, emit } from "../output.js";

export function registerDoctorCommand(program: Command): void {
  program
    .command("doctor")
    .description(
      "check Node, ffmpeg/ffprobe, bubblewrap, writable folders and the configured model endpoint",
    )
    .option(
      "--provider <provider:model>",
      "check this model provider instead of the configured one",
    )
    .option("--base-url <url>", "OpenAI-compatible endpoint to check")
    .option("--timeout <ms>", "how long to wait for an endpoint", "5000")
    .action(
      async (
        options: { provider?: string; baseUrl?: string; timeout: string },
        command: Command,
      ) => {
        const config = await configFor(command, {
          model: { provider: options.provider, baseUrl: options.baseUrl },
        });
        const report = await runDoctor(config, toolVersion, {
          nodeVersion: process.version,
          searchPath: process.env.PATH ?? "",
          cwd: process.cwd(),
          fetch: globalThis.fetch,
          timeoutMs: Number(options.timeout),
        });
        emit(command, () => renderDoctorReport(report), report);
        if (!report.ok) process.exitCode = 1;
      },
    );
}
