import type { Command } from "commander";
import { searchPathFromEnvironment } from "../../config/environment.js";
import { exitStatuses } from "../../core/errors.js";
import { renderDoctorReport, runDoctor } from "../../doctor/index.js";
import { toolVersion } from "../../version.js";
import { configFor, emit } from "../output.js";
import type { DoctorFlags } from "./doctor-command.js";

/** `doctor` (loaded when the command runs; the options live in doctor-command.ts). */
export async function doctorAction(options: DoctorFlags, command: Command): Promise<void> {
  const config = await configFor(command, {
    model: { provider: options.provider, baseUrl: options.baseUrl },
  });
  const report = await runDoctor(config, toolVersion, {
    nodeVersion: process.version,
    searchPath: searchPathFromEnvironment(),
    cwd: process.cwd(),
    fetch: globalThis.fetch,
    timeoutMs: Number(options.timeout),
  });
  emit(command, () => renderDoctorReport(report), report);
  if (!report.ok) process.exitCode = exitStatuses.someFailed;
}
