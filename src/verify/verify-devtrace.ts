import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { TracemillError } from "../core/errors.js";
import { adapterFor } from "./frameworks/adapters.js";
import { detectFramework } from "./frameworks/detect-framework.js";
import type { FrameworkPlan, PlanTarget } from "./frameworks/types.js";
import { resolveSandboxLimits } from "./limits.js";
import { readReport } from "./read-report.js";
import { restoreFromGit } from "./restore-git.js";
import { restoreSnapshot } from "./restore-snapshot.js";
import type { SandboxRunner, SandboxRunResult } from "./sandbox.js";
import { createBubblewrapRunner, probeBubblewrap } from "./sandbox-bwrap.js";
import {
  createDockerRunner,
  defaultDockerImages,
  dockerEngineAvailable,
} from "./sandbox-docker.js";
import { judgeTestRun } from "./swe-bench.js";
import type { SandboxLimits, TestFramework, VerifyRequest, VerifyResult } from "./types.js";

export interface VerifyDevtraceOptions {
  /** Replace the runners (tests, or a remote sandbox); by default bubblewrap and docker. */
  runners?: { bubblewrap?: SandboxRunner; docker?: SandboxRunner };
  /** Whether a Docker engine answers; by default `docker info` is asked once. */
  dockerAvailable?: () => Promise<boolean>;
  /** Whether bubblewrap works here: undefined when usable, else why not. */
  bubblewrapProblem?: () => Promise<string | undefined>;
  /** Host interpreter for pytest (default `python3` on PATH). */
  python?: string;
  /** Parent of the temp folders (default os.tmpdir()). */
  tempDir?: string;
}

const requestSchema = z.object({
  traceId: z.string().min(1).max(200),
  snapshot: z.instanceof(Uint8Array).optional(),
  repoOrigin: z.string().min(1).optional(),
  startCommit: z.string().min(1).max(200).optional(),
  finalPatch: z.string().optional(),
  framework: z.enum(["pytest", "vitest", "jest", "go"]).optional(),
  knownFailingTests: z.array(z.string().min(1)).optional(),
  limits: z.record(z.string(), z.number()).optional(),
  runner: z.enum(["auto", "bubblewrap", "docker"]).optional(),
  dockerImage: z.string().min(1).optional(),
});

/**
 * Restores a developer trace's final workspace and runs its tests in a sandbox. Never runs
 * anything unsandboxed: when no sandbox, workspace or toolchain is available the result has
 * tests_passed null and a reason. Throws only for an invalid request.
 */
export async function verifyDevtrace(
  request: VerifyRequest,
  options: VerifyDevtraceOptions = {},
): Promise<VerifyResult> {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TracemillError(
      "input_invalid",
      `verify request: ${issue?.path.join(".") ?? "?"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const limits = resolveSandboxLimits(request.limits);
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const log: string[] = [];
  let workspaceDir: string | undefined;
  let outputDir: string | undefined;
  try {
    const restored = await restoreWorkspace(request, options, log);
    if ("reason" in restored)
      return notRun(restored.reason, request.framework ?? null, elapsed(), log);
    workspaceDir = restored.dir;

    const framework = request.framework ?? (await detectFramework(workspaceDir));
    if (framework === null) {
      return notRun(
        "no test framework named and none detected (looked for pytest configuration or test_*.py, package.json with vitest or jest, go.mod)",
        null,
        elapsed(),
        log,
      );
    }
    const chosen = await chooseRunner(request, framework, options);
    if ("reason" in chosen) return notRun(chosen.reason, framework, elapsed(), log);

    let plan: FrameworkPlan;
    try {
      const pythonOption = options.python === undefined ? {} : { python: options.python };
      plan = await adapterFor(framework, pythonOption).plan(workspaceDir, chosen.target);
    } catch (error) {
      if (error instanceof TracemillError && error.code === "unavailable") {
        return notRun(error.message, framework, elapsed(), log);
      }
      throw error;
    }
    outputDir = await mkdtemp(path.join(options.tempDir ?? os.tmpdir(), "tracemill-out-"));
    log.push(
      `[verify] sandbox ${chosen.runner.kind}; ${plan.toolchain}`,
      `[verify] limits: cpu ${limits.cpuSeconds} s, memory ${limits.memoryMb} MiB, processes ${limits.maxProcesses}, wall ${limits.wallSeconds} s, output ${limits.maxOutputBytes} bytes`,
      `[verify] $ ${plan.argv.join(" ")}`,
    );
    const run = await chosen.runner.run({
      argv: plan.argv,
      workspaceDir,
      outputDir,
      readOnlyPaths: plan.readOnlyPaths,
      env: plan.env,
      limits,
    });
    return await resultOf(run, plan, framework, outputDir, request, log, limits);
  } finally {
    if (workspaceDir !== undefined) await rm(workspaceDir, { recursive: true, force: true });
    if (outputDir !== undefined) await rm(outputDir, { recursive: true, force: true });
  }
}

async function restoreWorkspace(
  request: VerifyRequest,
  options: VerifyDevtraceOptions,
  log: string[],
): Promise<{ dir: string } | { reason: string }> {
  const parentOption = options.tempDir === undefined ? {} : { parentDir: options.tempDir };
  try {
    if (request.snapshot !== undefined) {
      const dir = await restoreSnapshot(request.snapshot, {
        label: `trace ${request.traceId} snapshot`,
        ...parentOption,
      });
      log.push(`[verify] restored the workspace snapshot (${request.snapshot.byteLength} bytes)`);
      return { dir };
    }
    if (request.repoOrigin !== undefined) {
      const dir = await restoreFromGit(
        {
          repoOrigin: request.repoOrigin,
          ...(request.startCommit === undefined ? {} : { startCommit: request.startCommit }),
          ...(request.finalPatch === undefined ? {} : { finalPatch: request.finalPatch }),
        },
        { label: `trace ${request.traceId}`, ...parentOption },
      );
      log.push(
        `[verify] cloned ${request.repoOrigin} at ${request.startCommit ?? "HEAD"}${request.finalPatch === undefined ? "" : " and applied the final patch"}`,
      );
      return { dir };
    }
  } catch (error) {
    if (error instanceof TracemillError) return { reason: error.message };
    throw error;
  }
  return { reason: "no workspace: the trace has neither a snapshot nor a repo_origin" };
}

async function chooseRunner(
  request: VerifyRequest,
  framework: TestFramework,
  options: VerifyDevtraceOptions,
): Promise<{ runner: SandboxRunner; target: PlanTarget } | { reason: string }> {
  const wanted = request.runner ?? "auto";
  if (wanted !== "bubblewrap") {
    const dockerUp = await (options.dockerAvailable ?? dockerEngineAvailable)();
    if (dockerUp) {
      const image = request.dockerImage ?? defaultDockerImages[framework];
      return {
        runner: options.runners?.docker ?? createDockerRunner({ image }),
        target: "container",
      };
    }
    if (wanted === "docker")
      return { reason: "runner docker requested but no Docker engine answers" };
  }
  const problem = await (options.bubblewrapProblem ?? probeBubblewrap)();
  if (problem !== undefined) {
    return { reason: `no sandbox available (no Docker engine; ${problem}); tests were not run` };
  }
  return { runner: options.runners?.bubblewrap ?? createBubblewrapRunner(), target: "host" };
}

async function resultOf(
  run: SandboxRunResult,
  plan: FrameworkPlan,
  framework: TestFramework,
  outputDir: string,
  request: VerifyRequest,
  log: string[],
  limits: SandboxLimits,
): Promise<VerifyResult> {
  const report = await readReport(outputDir, plan.reportFile);
  const parsed =
    "text" in report ? adapterFor(framework).parseReport(report.text) : { cases: [], warnings: [] };
  const outcome = judgeTestRun(parsed.cases, request.knownFailingTests);
  const reasons: string[] = [];
  if (run.reason !== undefined) reasons.push(run.reason);
  if ("missing" in report) reasons.push(report.missing);
  if (outcome.reason !== undefined) reasons.push(outcome.reason);
  const clean = run.reason === undefined && "text" in report;
  if (clean && outcome.failing_tests.length === 0 && run.exitCode !== 0) {
    reasons.push(`the test runner exited with ${run.exitCode} although no test failed`);
  }
  const testsPassed = clean && outcome.tests_passed && run.exitCode === 0;
  for (const warning of parsed.warnings) log.push(`[verify] warning: ${warning}`);
  log.push(`[verify] exit ${run.exitCode ?? run.signal ?? "?"} after ${run.runtimeS.toFixed(2)} s`);
  const logText = `${log.join("\n")}\n${run.output}`;
  return {
    tests_passed: testsPassed,
    framework,
    num_passed: outcome.num_passed,
    num_failed: outcome.num_failed,
    num_errors: outcome.num_errors,
    num_skipped: outcome.num_skipped,
    failing_tests: outcome.failing_tests,
    ...(outcome.fail_to_pass === undefined ? {} : { fail_to_pass: outcome.fail_to_pass }),
    ...(outcome.pass_to_pass === undefined ? {} : { pass_to_pass: outcome.pass_to_pass }),
    runtime_s: run.runtimeS,
    sandbox: run.sandbox,
    exit_code: run.exitCode,
    timed_out: run.timedOut,
    log: truncateLog(logText, limits.maxOutputBytes + 4096),
    ...(reasons.length === 0 ? {} : { reason: reasons.join("; ") }),
  };
}

function notRun(
  reason: string,
  framework: TestFramework | null,
  runtimeS: number,
  log: string[],
): VerifyResult {
  return {
    tests_passed: null,
    framework,
    num_passed: 0,
    num_failed: 0,
    num_errors: 0,
    num_skipped: 0,
    failing_tests: [],
    runtime_s: runtimeS,
    sandbox: "none",
    exit_code: null,
    timed_out: false,
    log: [...log, `[verify] not run: ${reason}`].join("\n"),
    reason,
  };
}

function truncateLog(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  return `${Buffer.from(text).subarray(0, maxBytes).toString("utf8")}\n[log truncated]\n`;
}
