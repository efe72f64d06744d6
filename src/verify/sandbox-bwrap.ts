import { execFile } from "node:child_process";
import path from "node:path";
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

/**
 * Bubblewrap runner. Layout: the host's /usr, /bin, /lib*, /etc and the toolchain prefixes
 * read-only, a private /proc, /dev and size-capped /tmp, the workspace read-write at /workspace,
 * new pid/net/ipc/uts namespaces (no network beyond a loopback of its own), a new session, and
 * rlimits (prlimit) for CPU, address space, processes and file size.
 *
 * Identity: as an ordinary user, bwrap makes a user namespace and maps uid 65534 inside to the
 * caller. As root that mapping would make the sandboxed uid host-root, which RLIMIT_NPROC exempts
 * (a fork bomb would run free), so as root no user namespace is made and setpriv switches to the
 * real host uid/gid 65534 with every capability dropped and no_new_privs set before the command.
 */

export interface BwrapTools {
  bwrap: string;
  prlimit: string;
  setpriv: string;
}

export const defaultBwrapTools: BwrapTools = {
  bwrap: "/usr/bin/bwrap",
  prlimit: "/usr/bin/prlimit",
  setpriv: "/usr/bin/setpriv",
};

export interface BwrapArgsOptions {
  /** True when the caller is root (see the module comment). */
  privileged: boolean;
  tools?: BwrapTools;
}

const systemReadOnly = ["/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/etc"];
const mandatorySystem = new Set(["/usr", "/bin", "/lib", "/etc"]);

export function buildBwrapArgs(command: SandboxCommand, options: BwrapArgsOptions): string[] {
  const tools = options.tools ?? defaultBwrapTools;
  const { limits } = command;
  const args: string[] = options.privileged
    ? ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
    : [
        "--unshare-all",
        "--uid",
        String(sandboxUid),
        "--gid",
        String(sandboxGid),
        "--disable-userns",
      ];
  args.push("--die-with-parent", "--new-session", "--hostname", "sandbox");
  for (const dir of systemReadOnly) {
    args.push(mandatorySystem.has(dir) ? "--ro-bind" : "--ro-bind-try", dir, dir);
  }
  const made = new Set<string>();
  for (const toolchain of uniqueOutsideSystem(command.readOnlyPaths)) {
    for (const ancestor of ancestorsOf(toolchain)) {
      if (made.has(ancestor)) continue;
      made.add(ancestor);
      // bwrap makes missing parents 0700 owned by root, which the sandbox user cannot cross.
      args.push("--perms", "0755", "--dir", ancestor);
    }
    args.push("--ro-bind", toolchain, toolchain);
  }
  args.push(
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--perms",
    "1777",
    "--size",
    String(sandboxTmpBytes),
    "--tmpfs",
    "/tmp",
    "--bind",
    command.workspaceDir,
    sandboxWorkspacePath,
    "--bind",
    command.outputDir,
    sandboxOutputPath,
    "--chdir",
    sandboxWorkspacePath,
    "--clearenv",
  );
  for (const [name, value] of Object.entries(command.env)) args.push("--setenv", name, value);
  args.push("--");
  if (options.privileged) {
    args.push(
      tools.setpriv,
      `--reuid=${sandboxUid}`,
      `--regid=${sandboxGid}`,
      "--clear-groups",
      "--inh-caps=-all",
      "--bounding-set=-all",
      "--no-new-privs",
      "--",
    );
  }
  args.push(
    tools.prlimit,
    // SIGXCPU at the soft limit names the cause; SIGKILL one second later if it is ignored.
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`,
    `--as=${limits.memoryMb * 1024 * 1024}`,
    `--nproc=${limits.maxProcesses}`,
    `--fsize=${sandboxMaxFileBytes}`,
    "--core=0",
    "--",
    ...command.argv,
  );
  return args;
}

function uniqueOutsideSystem(paths: readonly string[]): string[] {
  const normalized = [...new Set(paths.map((entry) => path.resolve(entry)))].sort();
  const kept: string[] = [];
  for (const entry of normalized) {
    const covered = [...systemReadOnly, ...kept].some(
      (root) => entry === root || entry.startsWith(`${root}/`),
    );
    if (!covered) kept.push(entry);
  }
  return kept;
}

function ancestorsOf(target: string): string[] {
  const parts = target.split("/").filter((part) => part !== "");
  const result: string[] = [];
  for (let index = 1; index < parts.length; index++) {
    result.push(`/${parts.slice(0, index).join("/")}`);
  }
  return result;
}

export interface BubblewrapRunnerOptions {
  tools?: BwrapTools;
  /** Defaults to whether this process runs as root. */
  privileged?: boolean;
}

export function createBubblewrapRunner(options: BubblewrapRunnerOptions = {}): SandboxRunner {
  const tools = options.tools ?? defaultBwrapTools;
  const privileged = options.privileged ?? process.getuid?.() === 0;
  return {
    kind: "bubblewrap",
    async run(command: SandboxCommand): Promise<SandboxRunResult> {
      if (privileged) {
        await chownTree(command.workspaceDir, sandboxUid, sandboxGid);
        await chownTree(command.outputDir, sandboxUid, sandboxGid);
      }
      const args = buildBwrapArgs(command, { privileged, tools });
      const result = await runProcess(tools.bwrap, args, {
        env: { PATH: "/usr/bin:/bin" },
        wallSeconds: command.limits.wallSeconds,
        maxOutputBytes: command.limits.maxOutputBytes,
      });
      return sandboxRunResult("bubblewrap", result, command.limits);
    },
  };
}

const execFileAsync = promisify(execFile);
let bwrapProbe: Promise<string | undefined> | undefined;

/**
 * Whether bubblewrap can make namespaces here (it cannot in an unprivileged container). Returns
 * undefined when usable, else the reason. Probed once per process.
 */
export function probeBubblewrap(
  tools: BwrapTools = defaultBwrapTools,
): Promise<string | undefined> {
  bwrapProbe ??= execFileAsync(
    tools.bwrap,
    ["--unshare-net", "--unshare-pid", "--ro-bind", "/", "/", "--", "/bin/true"],
    { timeout: 10_000 },
  ).then(
    () => undefined,
    (error: unknown) =>
      `bubblewrap (${tools.bwrap}) cannot create a sandbox: ${error instanceof Error ? error.message : String(error)}`,
  );
  return bwrapProbe;
}
