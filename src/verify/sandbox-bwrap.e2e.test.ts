import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPython, type PythonToolchain } from "./find-python.js";
import { resolveSandboxLimits } from "./limits.js";
import type { SandboxRunResult } from "./sandbox.js";
import { buildBwrapArgs, createBubblewrapRunner } from "./sandbox-bwrap.js";
import type { SandboxLimits } from "./types.js";

const runner = createBubblewrapRunner();
let python: PythonToolchain;
let parent: string;

beforeAll(async () => {
  python = await findPython();
  parent = await mkdtemp(path.join(os.tmpdir(), "tracemill-sandbox-test-"));
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

async function runInSandbox(
  argv: string[],
  limits: Partial<SandboxLimits> = {},
): Promise<{ result: SandboxRunResult; workspaceDir: string }> {
  const workspaceDir = await mkdtemp(path.join(parent, "ws-"));
  const outputDir = await mkdtemp(path.join(parent, "out-"));
  const result = await runner.run({
    argv,
    workspaceDir,
    outputDir,
    readOnlyPaths: python.readOnlyPaths,
    env: { PATH: "/usr/bin:/bin", HOME: "/tmp", LANG: "C.UTF-8" },
    limits: resolveSandboxLimits({ wallSeconds: 60, ...limits }),
  });
  return { result, workspaceDir };
}

const pythonScript = (source: string) => [python.executable, "-c", source];

function hostProcessesMatching(marker: string): string[] {
  const listing = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return listing.split("\n").filter((line) => line.includes(marker) && !line.includes("ps -eo"));
}

describe("bubblewrap sandbox", () => {
  it("runs the command as uid 65534 in /workspace", async () => {
    const { result } = await runInSandbox(["/bin/sh", "-c", "id -u; id -g; pwd"]);
    expect(result.exitCode).toBe(0);
    expect(result.output.trim().split("\n")).toEqual(["65534", "65534", "/workspace"]);
    expect(result.sandbox).toBe("bubblewrap");
  });

  it("has no network: connecting to a loopback server of the host fails", async () => {
    const server: Server = createServer((socket) => socket.end("hello from the host\n"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      // The same probe outside the sandbox reaches the server, so the probe itself works.
      const outside = execFileSync(python.executable, ["-c", connectProbe(port)], {
        encoding: "utf8",
      });
      expect(outside).toContain("CONNECTED");
      const { result } = await runInSandbox(
        pythonScript(`${connectProbe(port)}\n${connectProbe(5432)}`),
      );
      expect(result.output).not.toContain("CONNECTED");
      expect(result.output.match(/BLOCKED/g)).toHaveLength(2);
    } finally {
      server.close();
    }
  });

  it("refuses writes outside /workspace and keeps writes inside", async () => {
    const targets = [
      "/etc/tracemill-x",
      "/root/tracemill-x",
      "/work/tracemill-x",
      "/usr/tracemill-x",
    ];
    const script = [
      ...targets.map(
        (target) =>
          `touch ${target} 2>/dev/null && echo "WROTE ${target}" || echo "DENIED ${target}"`,
      ),
      "echo inside > /workspace/ok.txt && echo WROTE /workspace/ok.txt",
      "touch /tmp/scratch && echo WROTE /tmp/scratch",
    ].join("\n");
    const { result, workspaceDir } = await runInSandbox(["/bin/sh", "-c", script]);
    for (const target of targets) {
      expect(result.output).toContain(`DENIED ${target}`);
      expect(existsSync(target)).toBe(false);
    }
    expect(result.output).toContain("WROTE /workspace/ok.txt");
    expect(await readFile(path.join(workspaceDir, "ok.txt"), "utf8")).toBe("inside\n");
    expect(result.output).toContain("WROTE /tmp/scratch");
  });

  it("stops a fork bomb at the process limit and the run ends", async () => {
    const counter = [
      "import os, time",
      "n = 0",
      "try:",
      "    while n < 1000:",
      "        pid = os.fork()",
      "        if pid == 0:",
      "            time.sleep(60)",
      "            os._exit(0)",
      "        n += 1",
      "    print('NO LIMIT', n)",
      "except OSError as error:",
      "    print('FORK REFUSED AFTER', n, error.errno)",
    ].join("\n");
    const { result } = await runInSandbox(pythonScript(counter), { maxProcesses: 32 });
    const match = /FORK REFUSED AFTER (\d+)/.exec(result.output);
    expect(match, result.output).not.toBeNull();
    expect(Number(match?.[1])).toBeLessThan(32);

    const bomb = await runInSandbox(["/bin/sh", "-c", "bomb() { bomb | bomb & }; bomb; sleep 2"], {
      maxProcesses: 32,
      wallSeconds: 30,
    });
    expect(bomb.result.timedOut).toBe(false);
    expect(hostProcessesMatching("bomb | bomb")).toEqual([]);
  });

  it("makes a 4 GB allocation fail under the memory limit", async () => {
    const { result } = await runInSandbox(
      pythonScript(
        "try:\n    block = bytearray(4 * 1024 ** 3)\n    print('ALLOCATED', len(block))\nexcept MemoryError:\n    print('MEMORY REFUSED')",
      ),
    );
    expect(result.output).toContain("MEMORY REFUSED");
    expect(result.output).not.toContain("ALLOCATED");
  });

  it("kills an endless loop at the wall limit, with its whole process tree", async () => {
    const marker = "301.25";
    const { result } = await runInSandbox(
      ["/bin/sh", "-c", `sleep ${marker} & setsid sleep ${marker} & while :; do :; done`],
      { wallSeconds: 2 },
    );
    expect(result.timedOut).toBe(true);
    expect(result.reason).toContain("wall-time limit of 2 s");
    expect(hostProcessesMatching(`sleep ${marker}`)).toEqual([]);
  });

  it("kills an endless loop at the CPU-time limit", async () => {
    const { result } = await runInSandbox(["/bin/sh", "-c", "while :; do :; done"], {
      cpuSeconds: 1,
      wallSeconds: 60,
    });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).not.toBe(0);
    expect(result.reason).toMatch(/CPU-time limit/);
  });

  it("truncates an output flood and says so", async () => {
    const { result } = await runInSandbox(
      ["/bin/sh", "-c", "head -c 5000000 /dev/zero | tr '\\0' a; echo; echo done"],
      { maxOutputBytes: 10_000 },
    );
    expect(result.exitCode).toBe(0);
    expect(result.truncated).toBe(true);
    expect(result.output.length).toBeLessThan(11_000);
    // 5,000,000 bytes + "\n" + "done\n" were written; all but the first 10,000 were dropped.
    expect(result.output.includes("[output truncated: 4990006 more bytes dropped")).toBe(true);
  });
});

describe("buildBwrapArgs", () => {
  const command = {
    argv: ["python3", "-m", "pytest"],
    workspaceDir: "/tmp/ws",
    outputDir: "/tmp/out",
    readOnlyPaths: ["/opt/py/3.11", "/opt/py/3.11/lib/python3.11", "/usr/lib/python3"],
    env: { PATH: "/usr/bin" },
    limits: resolveSandboxLimits(),
  };

  it("as root: no user namespace, setpriv to 65534 before the limits and the command", () => {
    const args = buildBwrapArgs(command, { privileged: true });
    expect(args).not.toContain("--unshare-user");
    expect(args).toContain("--unshare-net");
    const setpriv = args.indexOf("/usr/bin/setpriv");
    const prlimit = args.indexOf("/usr/bin/prlimit");
    expect(setpriv).toBeGreaterThan(args.indexOf("--"));
    expect(args.slice(setpriv, prlimit)).toContain("--reuid=65534");
    expect(args.slice(prlimit)).toEqual([
      "/usr/bin/prlimit",
      "--cpu=60:61",
      `--as=${2048 * 1024 * 1024}`,
      "--nproc=256",
      `--fsize=${256 * 1024 * 1024}`,
      "--core=0",
      "--",
      "python3",
      "-m",
      "pytest",
    ]);
  });

  it("as a user: a user namespace mapping 65534, toolchains bound once with crossable parents", () => {
    const args = buildBwrapArgs(command, { privileged: false });
    expect(args.slice(0, 5)).toEqual(["--unshare-all", "--uid", "65534", "--gid", "65534"]);
    expect(args).not.toContain("/usr/bin/setpriv");
    const binds = args.flatMap((arg, index) => (arg === "--ro-bind" ? [args[index + 1]] : []));
    expect(binds).toEqual(["/usr", "/bin", "/lib", "/etc", "/opt/py/3.11"]);
    const joined = args.join(" ");
    expect(joined).toContain(
      "--perms 0755 --dir /opt --perms 0755 --dir /opt/py --ro-bind /opt/py/3.11",
    );
    expect(joined).toContain("--bind /tmp/ws /workspace");
    expect(joined).toContain("--chdir /workspace --clearenv --setenv PATH /usr/bin --");
  });
});

function connectProbe(port: number): string {
  return [
    "import socket",
    "try:",
    `    socket.create_connection(('127.0.0.1', ${port}), timeout=3).close()`,
    `    print('CONNECTED ${port}')`,
    "except OSError as error:",
    `    print('BLOCKED ${port}', error)`,
  ].join("\n");
}
