import type { Command } from "commander";

export interface DoctorFlags {
  provider?: string;
  baseUrl?: string;
  timeout: string;
}

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
    .action(async (options: DoctorFlags, command: Command) => {
      const { doctorAction } = await import("./doctor.js");
      await doctorAction(options, command);
    });
}
