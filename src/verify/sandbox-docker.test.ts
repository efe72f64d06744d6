import { describe, expect, it } from "vitest";
import { resolveSandboxLimits } from "./limits.js";
import { buildDockerArgs, dockerEngineAvailable } from "./sandbox-docker.js";

describe("buildDockerArgs", () => {
  const args = buildDockerArgs(
    {
      argv: ["python3", "-m", "pytest", "-q"],
      workspaceDir: "/tmp/ws",
      outputDir: "/tmp/out",
      readOnlyPaths: ["/opt/ignored"],
      env: { PATH: "/usr/bin", HOME: "/tmp" },
      limits: resolveSandboxLimits({ memoryMb: 512, maxProcesses: 64, cpuSeconds: 30 }),
    },
    "python:3.12-slim",
    "tracemill-verify-test",
  );
  const flagValue = (flag: string) => args[args.indexOf(flag) + 1];

  it("applies the sandbox limits as docker flags", () => {
    expect(flagValue("--network")).toBe("none");
    expect(args).toContain("--read-only");
    expect(flagValue("--user")).toBe("65534:65534");
    expect(flagValue("--memory")).toBe("512m");
    expect(flagValue("--memory-swap")).toBe("512m");
    expect(flagValue("--pids-limit")).toBe("64");
    expect(flagValue("--cap-drop")).toBe("ALL");
    expect(flagValue("--security-opt")).toBe("no-new-privileges");
    expect(args.filter((_, index) => args[index - 1] === "--ulimit")).toEqual([
      "cpu=30:31",
      `fsize=${256 * 1024 * 1024}:${256 * 1024 * 1024}`,
      "core=0:0",
    ]);
  });

  it("mounts only the workspace and the output folder, then runs the image's command", () => {
    expect(args.filter((_, index) => args[index - 1] === "--volume")).toEqual([
      "/tmp/ws:/workspace:rw",
      "/tmp/out:/tracemill-output:rw",
    ]);
    expect(args.join(" ")).not.toContain("/opt/ignored");
    expect(args.filter((_, index) => args[index - 1] === "--env")).toEqual([
      "PATH=/usr/bin",
      "HOME=/tmp",
    ]);
    expect(args.slice(args.indexOf("--"))).toEqual([
      "--",
      "python:3.12-slim",
      "python3",
      "-m",
      "pytest",
      "-q",
    ]);
  });
});

describe("dockerEngineAvailable", () => {
  it("is false when the docker client cannot reach an engine", async () => {
    expect(await dockerEngineAvailable("/nonexistent/docker")).toBe(false);
  });
});
