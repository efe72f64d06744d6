import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redactor } from "../../model/redact.js";

/** Test support for src/runs: temporary workspaces, a tiny fake redactor and dead/live pids. */
export interface Workspace {
  root: string;
  runsDir: string;
  inputs: string[];
  cleanup(): Promise<void>;
}

export async function createWorkspace(contents: string[] = ["alpha\n", "beta\n"]): Promise<Workspace> {
  const root = await mkdtemp(join(tmpdir(), "tracemill-runs-"));
  const inputs = contents.map((_, index) => join(root, `input-${index}.txt`));
  await Promise.all(inputs.map((path, index) => writeFile(path, contents[index] ?? "")));
  return {
    root,
    runsDir: join(root, "runs"),
    inputs,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** Replaces every occurrence of the given secrets in every string, deeply, like the real redactor. */
export function createFakeRedactor(secrets: string[]): Redactor {
  const redactText = (text: string) => {
    let result = text;
    let count = 0;
    for (const secret of secrets) {
      const parts = result.split(secret);
      count += parts.length - 1;
      result = parts.join("[REDACTED:fake]");
    }
    return { text: result, findings: count > 0 ? [{ rule: "fake", count }] : [] };
  };
  const redactValue = (value: unknown): unknown => {
    if (typeof value === "string") return redactText(value).text;
    if (Array.isArray(value)) return value.map(redactValue);
    if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, redactValue(member)]));
    }
    return value;
  };
  return { redactText, redactValue: <T>(value: T) => redactValue(value) as T };
}

/** The pid of a process that has already exited (so it is certainly not alive). */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  if (child.pid === undefined) throw new Error("could not spawn a process");
  return child.pid;
}

/** A live child process that waits until killed. */
export function liveChild() {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 120000)"], { stdio: "ignore" });
  if (child.pid === undefined) throw new Error("could not spawn a process");
  return { pid: child.pid, stop: () => child.kill("SIGKILL") };
}

/** Clock for deterministic timestamps: each call one second after the previous one. */
export function steppingClock(startIso = "2025-01-02T03:04:05.000Z") {
  let current = Date.parse(startIso);
  return () => {
    const date = new Date(current);
    current += 1000;
    return date;
  };
}

/** The error a promise rejects with; fails the test when it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected the promise to reject, but it resolved");
}
