import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { chownTree } from "./chown-tree.js";
import { sandboxMaxFileBytes, sandboxTmpBytes } from "./limits.js";
import { runProcess } from "./run-process.js";
import {
  type SandboxCommand,
  type SandboxRunner,
  type SandboxRunResult,
  sandboxGid,
  sandboxOutputPath,
  sandboxRunResult,
  sandboxUid,
  sandboxWorkspacePath,
} from "./sandbox.js";
import type { TestFramework } from "./types.js";

const execFileAsync = promisify(execFile);

/**
 * Images used when the request names none. They must hold the framework's runner: the
 * container has no network to install one (a python image needs `pip install pytest` baked in).
 */
export const defaultDockerImages: Record<TestFramework, string> = {
  pytest: "python:3.12-slim",
  vitest: "node:20-slim",
  jest: "node:20-slim",
  go: "golang:1.22",
};

/**
 * The same limits as the bubblewrap runner, expressed as docker flags: no network, read-only
 * root, uid 65534, memory and pids cgroup limits, CPU-time and file-size ulimits, every
 * capability dropped, no privilege gain, a size-capped /tmp, the workspace the only rw mount.
 */
export function buildDockerArgs(command: SandboxCommand, image: string, name: string): string[] {
  const { limits } = command;
  const args = [
    "run",
    "--rm",
    "--name",
    name,
    "--network",
    "none",
    "--read-only",
    "--user",
    `${sandboxUid}:${sandboxGid}`,
    "--memory",
    `${limits.memoryMb}m`,
    "--memory-swap",
    `${limits.memoryMb}m`,
    "--pids-limit",
    String(limits.maxProcesses),
    "--cpus",
    "1",
    "--ulimit",
    `cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`,
    "--ulimit",
    `fsize=${sandboxMaxFileBytes}:${sandboxMaxFileBytes}`,
    "--ulimit",
    "core=0:0",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--tmpfs",
    `/tmp:rw,exec,size=${sandboxTmpBytes},mode=1777`,
    "--volume",
    `${command.workspaceDir}:${sandboxWorkspacePath}:rw`,
    "--volume",
    `${command.outputDir}:${sandboxOutputPath}:rw`,
    "--workdir",
    sandboxWorkspacePath,
  ];
  for (const [key, value] of Object.entries(command.env)) args.push("--env", `${key}=${value}`);
  args.push("--", image, ...command.argv);
  return args;
}

export function createDockerRunner(options: { image: string; docker?: string }): SandboxRunner {
  const docker = options.docker ?? "docker";
  return {
    kind: "docker",
    async run(command: SandboxCommand): Promise<SandboxRunResult> {
      if (process.getuid?.() === 0) {
        await chownTree(command.workspaceDir, sandboxUid, sandboxGid);
        await chownTree(command.outputDir, sandboxUid, sandboxGid);
      }
      const name = `tracemill-verify-${randomBytes(6).toString("hex")}`;
      const result = await runProcess(docker, buildDockerArgs(command, options.image, name), {
        wallSeconds: command.limits.wallSeconds,
        maxOutputBytes: command.limits.maxOutputBytes,
        // Killing the docker client leaves the container running; the engine must kill it.
        onTimeout: () => {
          execFile(docker, ["kill", name], () => undefined);
        },
      });
      return sandboxRunResult("docker", result, command.limits);
    },
  };
}

let dockerProbe: Promise<boolean> | undefined;

/** True when a Docker engine answers (the client alone is not enough). Probed once. */
export function dockerEngineAvailable(docker = "docker"): Promise<boolean> {
  dockerProbe ??= execFileAsync(docker, ["info", "--format", "{{.ServerVersion}}"], {
    timeout: 5_000,
  }).then(
    ({ stdout }) => stdout.trim() !== "",
    () => false,
  );
  return dockerProbe;
}
