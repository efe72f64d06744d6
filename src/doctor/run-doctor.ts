import { resolve } from "node:path";
import type { Config } from "../core/config.js";
import {
  checkBubblewrap,
  checkDockerEngine,
  checkMediaTool,
  checkModelEndpoint,
  checkNode,
  checkPytest,
  checkWritableDirectory,
  type DoctorCheck,
  type DoctorEnvironment,
} from "./checks.js";

export interface DoctorReport {
  ok: boolean;
  toolVersion: string;
  checks: DoctorCheck[];
}

/** Runs every check; the report is ok when no required check failed. */
export async function runDoctor(
  config: Config,
  toolVersion: string,
  environment: DoctorEnvironment,
): Promise<DoctorReport> {
  const checks = [
    checkNode(environment.nodeVersion),
    ...(await Promise.all([
      checkMediaTool("ffmpeg", environment.searchPath),
      checkMediaTool("ffprobe", environment.searchPath),
      checkBubblewrap(environment.searchPath),
      checkPytest(),
      checkDockerEngine(),
      checkWritableDirectory("runs-dir", "runs folder", resolve(environment.cwd, config.runsDir)),
      checkWritableDirectory(
        "cache-dir",
        "cache folder",
        resolve(environment.cwd, config.cacheDir),
      ),
    ])),
    ...(await checkModelEndpoint(config.model, "model", environment)),
    ...(await checkModelEndpoint(config.embedder, "embedder", environment)),
  ];
  return {
    ok: checks.every((check) => !(check.required && check.status === "fail")),
    toolVersion,
    checks,
  };
}

export function renderDoctorReport(report: DoctorReport): string {
  const marks = { ok: "ok  ", warn: "warn", fail: "FAIL", skip: "skip" } as const;
  const lines = report.checks.flatMap((check) => {
    const line = `${marks[check.status]}  ${check.title}: ${check.detail}`;
    return check.fix && check.status !== "ok" ? [line, `      fix: ${check.fix}`] : [line];
  });
  lines.push(report.ok ? "\nall required checks passed" : "\nsome required checks failed");
  return lines.join("\n");
}
