import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodes, exitCodes } from "../core/errors.js";
import { runCli } from "../test-support/run-cli.js";

/**
 * The same mistake gets the same exit code in every command (docs/cli.md): a path that does not
 * exist is 66, a file that exists but is not what the command reads is 65, a missing or unknown
 * flag is 64. Each error names what it could not use and never reads `internal`.
 */
interface Case {
  args: string[];
  code: number;
  /** Text the error line must contain: the path or flag it is about. */
  names: string;
}

const missingPath: Case[] = [
  {
    args: ["process", "-f", "desktop", "-d", "missing-dir", "-o", "out"],
    code: 66,
    names: "missing-dir",
  },
  {
    args: ["process", "-f", "web", "-d", "missing-dir", "-o", "out"],
    code: 66,
    names: "missing-dir",
  },
  {
    args: ["export", "sft", "--from", "missing-dir", "--out", "ex"],
    code: 66,
    names: "missing-dir",
  },
  { args: ["export", "health", "--out", "missing-dir"], code: 66, names: "missing-dir" },
  {
    args: ["insights", "validate-input", "--input", "missing.jsonl"],
    code: 66,
    names: "missing.jsonl",
  },
  {
    args: ["insights", "run", "--input", "missing.jsonl", "--all"],
    code: 66,
    names: "missing.jsonl",
  },
  {
    args: ["correct", "--base-dir", "missing-dir", "--corrected-dir", "cd"],
    code: 66,
    names: "missing-dir",
  },
  { args: ["train-bc", "--data", "missing-dir"], code: 66, names: "missing-dir" },
  { args: ["train-bc", "--episodes", "missing_0.json"], code: 66, names: "missing_0.json" },
  {
    args: ["correct-and-train", "--base-dir", "missing-dir", "--corrected-dir", "cd", "--out", "o"],
    code: 66,
    names: "missing-dir",
  },
  { args: ["devtrace", "submit", "missing-dir", "--token", "t"], code: 66, names: "missing-dir" },
  { args: ["devtrace", "verify", "missing.json", "--key", "k"], code: 66, names: "missing.json" },
  {
    args: ["model", "try", "--prompt", "hi", "--schema", "missing.json"],
    code: 66,
    names: "missing.json",
  },
  { args: ["-c", "missing.json", "runs", "list"], code: 66, names: "missing.json" },
  { args: ["runs", "inspect", "missing-run"], code: 66, names: "missing-run" },
];

const invalidFile: Case[] = [
  { args: ["insights", "validate-input", "--input", "bad.jsonl"], code: 65, names: "bad.jsonl" },
  { args: ["insights", "run", "--input", "bad.jsonl", "--all"], code: 65, names: "bad.jsonl" },
  {
    args: ["correct", "--base-dir", "bad-study", "--corrected-dir", "cd"],
    code: 65,
    names: "bad-study",
  },
  { args: ["train-bc", "--data", "bad-study"], code: 65, names: "bad-study" },
  {
    args: ["export", "sft", "--from", "not-a-folder", "--out", "ex"],
    code: 65,
    names: "not-a-folder",
  },
  { args: ["devtrace", "submit", "bad-chunks", "--token", "t"], code: 65, names: "bad-chunks" },
  { args: ["devtrace", "verify", "bad.json", "--key", "k"], code: 65, names: "bad.json" },
  { args: ["model", "try", "--prompt", "hi", "--schema", "bad.json"], code: 65, names: "bad.json" },
  // The config file is configuration: its own family (78), as in the table.
  { args: ["-c", "bad.json", "runs", "list"], code: 78, names: "bad.json" },
];

const usage: Case[] = [
  { args: ["process", "--bogus"], code: 64, names: "--bogus" },
  { args: ["model", "try"], code: 64, names: "--prompt" },
  { args: ["insights", "run", "--input"], code: 64, names: "--input" },
  { args: ["nonsense"], code: 64, names: "nonsense" },
];

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "tracemill-exit-codes-"));
  await writeFile(join(work, "bad.json"), "not json\n");
  await writeFile(join(work, "bad.jsonl"), 'not json\n{"id": 1}\n');
  await writeFile(join(work, "not-a-folder"), "a file\n");
  await mkdir(join(work, "bad-study"));
  await writeFile(join(work, "bad-study", "traj_metadata.json"), "garbage");
  await mkdir(join(work, "bad-chunks"));
  await writeFile(join(work, "bad-chunks", "notes.txt"), "no chunks here");
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Runs the cases a few at a time (each is a whole CLI process). */
async function runAll(cases: Case[]) {
  const results: { args: string[]; code: number; stdout: string; stderr: string }[] = [];
  for (let start = 0; start < cases.length; start += 4) {
    const batch = cases.slice(start, start + 4);
    results.push(
      ...(await Promise.all(
        batch.map(async (each) => ({
          args: each.args,
          ...(await runCli(each.args, { cwd: work })),
        })),
      )),
    );
  }
  return results;
}

function expectClearError(
  each: Case,
  result: { code: number; stdout: string; stderr: string },
): void {
  const label = `tracemill ${each.args.join(" ")}\n${result.stderr}`;
  expect(result.code, label).toBe(each.code);
  // validate-input prints its report (which names the file) on stdout; errors go to stderr.
  expect(`${result.stdout}${result.stderr}`, label).toContain(each.names);
  expect(result.stderr, label).not.toMatch(/internal|Usage:|at .*\.js:\d+/);
}

describe("one exit code per mistake, in every command", () => {
  it("a path that does not exist is 66", async () => {
    const results = await runAll(missingPath);
    missingPath.forEach((each, index) => {
      expectClearError(each, results[index] as { code: number; stdout: string; stderr: string });
    });
  }, 300_000);

  it("a file that is not what the command reads is 65 (78 for the config file)", async () => {
    const results = await runAll(invalidFile);
    invalidFile.forEach((each, index) => {
      expectClearError(each, results[index] as { code: number; stdout: string; stderr: string });
    });
  }, 300_000);

  it("a missing or unknown flag is 64: one error line, then where the help is, not the help", async () => {
    const results = await runAll(usage);
    usage.forEach((each, index) => {
      const result = results[index] as { code: number; stdout: string; stderr: string };
      expectClearError(each, result);
      const lines = result.stderr.trim().split("\n");
      const command =
        each.args[0] === "nonsense"
          ? "tracemill"
          : `tracemill ${each.args.filter((arg) => !arg.startsWith("-")).join(" ")}`;
      expect(lines, result.stderr).toEqual([
        expect.stringMatching(/^tracemill: /),
        `see: ${command} --help`,
      ]);
    });
  }, 300_000);

  it("docs/cli.md's table is the table the code uses", async () => {
    const doc = await readFile(new URL("../../docs/cli.md", import.meta.url), "utf8");
    const section = doc.slice(doc.indexOf("## Exit codes"), doc.indexOf("## Commands"));
    const documented = new Map<string, number>();
    for (const row of section.split("\n")) {
      const match = /^\| (\d+)\s+\|(.*)\|$/.exec(row);
      if (!match) continue;
      for (const [, code] of (match[2] as string).matchAll(/`([a-z_]+)`/g)) {
        documented.set(code as string, Number(match[1]));
      }
    }
    for (const code of errorCodes) expect(documented.get(code), code).toBe(exitCodes[code]);
  });
});

describe("errors a person meets in the first hour", () => {
  it("a port in use is one line naming the port and --port (not internal: listen EADDRINUSE)", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await runCli(
        ["serve", "--dev", "--port", String(port), "--data-dir", join(work, "tracemill-data")],
        { cwd: work },
      );
      expect(result.code, result.stderr).toBe(69);
      expect(result.stderr.trim().split("\n").at(-1)).toBe(
        `tracemill: port ${port} is in use (choose another with --port)`,
      );
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  }, 180_000);

  it("model try names the URL it could not reach", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const base = `http://127.0.0.1:${port}/v1`;
    const result = await runCli(
      [
        "model",
        "try",
        "--provider",
        "openai:local",
        "--base-url",
        base,
        "--max-retries",
        "0",
        "--prompt",
        "hi",
      ],
      { cwd: work },
    );
    expect(result.code, result.stderr).toBe(69);
    expect(result.stderr).toContain(`cannot reach ${base}/chat/completions`);
  }, 180_000);
});
