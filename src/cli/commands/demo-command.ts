import type { Command } from "commander";

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("run every pipeline on the committed examples, offline, and say where to look")
    .option("-o, --out <dir>", "where to write the demo's outputs", "demo-out")
    .option("--resume <runId>", 'resume a killed demo run ("latest" for the newest)')
    .action(async (options: { out: string; resume?: string }, command: Command) => {
      const { demoAction } = await import("./demo.js");
      await demoAction(options, command);
    });
}
