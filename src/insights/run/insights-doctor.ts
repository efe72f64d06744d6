import { statfs } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Config } from "../../core/config.js";
import { toTracemillError } from "../../core/errors.js";
import {
  checkModelEndpoint,
  type DoctorCheck,
  type DoctorEnvironment,
} from "../../doctor/checks.js";
import type { DoctorReport } from "../../doctor/run-doctor.js";
import type { Embedder } from "../../model/embedders/types.js";
import { validateInputFile } from "../input/validate-input.js";

/**
 * `tracemill insights doctor`: the embedder loads and embeds, the language model is reachable (or
 * offline is stated), the runs folder has room, and the input (when given) is readable and valid.
 */
export const minimumFreeBytes = 1024 ** 3;

export async function checkInsightsSetup(
  config: Config,
  environment: DoctorEnvironment,
  deps: { embedder: Embedder; input?: string; toolVersion: string },
): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [
    await checkEmbedder(deps.embedder),
    ...(await checkModelEndpoint(config.model, "model", environment)),
    await checkDisk(resolve(environment.cwd, config.runsDir)),
  ];
  if (deps.input !== undefined) checks.push(await checkInput(deps.input));
  return {
    ok: checks.every((check) => !check.required || check.status !== "fail"),
    toolVersion: deps.toolVersion,
    checks,
  };
}

async function checkEmbedder(embedder: Embedder): Promise<DoctorCheck> {
  const name = `${embedder.provider}:${embedder.model}`;
  const started = performance.now();
  try {
    const result = await embedder.embed(["insights doctor: does the embedder load?"]);
    const dimensions = result.vectors[0]?.length ?? 0;
    return {
      id: "insights-embedder",
      title: "embedder",
      status: dimensions > 0 ? "ok" : "fail",
      required: true,
      detail: `${name}: ${dimensions}-d vector in ${Math.round(performance.now() - started)} ms`,
    };
  } catch (error) {
    const failure = toTracemillError(error);
    return {
      id: "insights-embedder",
      title: "embedder",
      status: "fail",
      required: true,
      detail: `${name}: ${failure.code}: ${failure.message}`,
      fix: "use --embedder offline:use-512 (ships in node_modules) or check the endpoint and key",
    };
  }
}

async function checkDisk(runsDir: string): Promise<DoctorCheck> {
  for (let path = runsDir; ; path = dirname(path)) {
    try {
      const stats = await statfs(path);
      const free = stats.bavail * stats.bsize;
      const gib = (free / 1024 ** 3).toFixed(1);
      return {
        id: "insights-disk",
        title: "disk space",
        status: free >= minimumFreeBytes ? "ok" : "warn",
        required: false,
        detail: `${gib} GiB free at ${path}`,
        ...(free >= minimumFreeBytes
          ? {}
          : { fix: "free space or pass --runs-dir on a larger disk" }),
      };
    } catch {
      if (dirname(path) === path) break;
    }
  }
  return {
    id: "insights-disk",
    title: "disk space",
    status: "warn",
    required: false,
    detail: `cannot measure free space under ${runsDir}`,
  };
}

async function checkInput(input: string): Promise<DoctorCheck> {
  try {
    const report = await validateInputFile(input, { maxErrors: 5 });
    return {
      id: "insights-input",
      title: "input",
      status: report.ok ? "ok" : report.valid_conversations > 0 ? "warn" : "fail",
      required: true,
      detail: `${input}: ${report.valid_conversations} valid conversations, ${report.invalid_lines} invalid lines, ${report.summary.unique_users} users`,
      ...(report.ok ? {} : { fix: `tracemill insights validate-input --input ${input}` }),
    };
  } catch (error) {
    const failure = toTracemillError(error);
    return {
      id: "insights-input",
      title: "input",
      status: "fail",
      required: true,
      detail: `${input}: ${failure.code}: ${failure.message}`,
    };
  }
}
