import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Script } from "../../model/script.js";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../../model/scripted-server.js";
import { registerInsightsCommand } from "./insights-command.js";

/**
 * `insights grade` with a paid judge (a scripted OpenAI-compatible server), stopped by Ctrl-C
 * part-way and continued with `--resume latest`, through the CLI as a person runs it: the server
 * is asked once per conversation over the two processes, and the graded files and the report
 * equal those of a run never stopped.
 */
function program(): Command {
  const root = new Command("tracemill")
    .option("--json")
    .option("-q, --quiet")
    .option("-c, --config <file>")
    .option("--runs-dir <dir>")
    .option("--log-level <level>")
    .exitOverride();
  registerInsightsCommand(root);
  return root;
}

const topics = ["pandas rename", "git rebase", "docker volumes", "rust lifetimes", "sql joins"];
const line = (topic: string, index: number) =>
  JSON.stringify({
    conversation_id: `chat-${index}`,
    user_id: `user-${index}`,
    timestamp: "2026-05-01T10:00:00Z",
    messages: [
      { role: "user", content: `A question about ${topic}?` },
      { role: "assistant", content: `An answer about ${topic}.` },
    ],
  });
const input = [...topics.map(line).slice(0, 2), "{not json", ...topics.map(line).slice(2)].join(
  "\n",
);

/** One answer per conversation, found by its topic, each slow enough to stop the run during it. */
function script(): Script {
  const note = "messages #0 and #1";
  return {
    answers: topics.map((topic, index) => ({
      match: { schemaName: "conversation_judge", contains: `about ${topic}` },
      delayMs: 60,
      value: {
        scores: {
          coverage: 50 + index * 5,
          reply_quality: 60,
          helpfulness: 70 - index * 3,
          coherence: 80,
        },
        observations: { coverage: note, reply_quality: note, helpfulness: note, coherence: note },
        summary: `The assistant answered the question about ${topic}.`,
        reasoning: "short and on topic",
        confidence: 0.75,
      },
    })),
  };
}

/** The topics the server was asked to judge, in order. */
function askedTopics(server: ScriptedOpenAIServer): string[] {
  return server.requests
    .filter((request) => request.path === "/v1/chat/completions")
    .map(
      (request) =>
        topics.find((topic) => JSON.stringify(request.body).includes(`about ${topic}`)) ?? "?",
    );
}

let dir: string;
let stdout: string[];
const servers: ScriptedOpenAIServer[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracemill-insights-grade-resume-"));
  stdout = [];
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-06-01T12:00:00Z"));
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
});
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  process.exitCode = undefined;
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await rm(dir, { recursive: true, force: true });
});

async function grade(
  server: ScriptedOpenAIServer,
  runs: string,
  out: string,
  extra: string[] = [],
) {
  stdout = [];
  process.exitCode = undefined;
  await program().parseAsync(
    [
      "--json",
      "--runs-dir",
      join(dir, runs),
      "insights",
      "grade",
      "--input",
      join(dir, "chats.jsonl"),
      "--out",
      join(dir, out),
      "--provider",
      "openai:gpt-4o-mini",
      "--base-url",
      server.url,
      "--api-key",
      "test-key",
      "--no-cache",
      ...extra,
    ],
    { from: "user" },
  );
  const report = JSON.parse(stdout.join("")) as {
    runId: string;
    status: string;
    counts: Record<string, unknown>;
    warnings: string[];
    detail: Record<string, unknown>;
  };
  return { report, exitCode: process.exitCode ?? 0 };
}

async function tree(folder: string): Promise<Record<string, string>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        return [path.slice(folder.length + 1), await readFile(path, "utf8")] as const;
      }),
  );
  return Object.fromEntries(files.sort(([a], [b]) => a.localeCompare(b)));
}

describe("tracemill insights grade --resume", () => {
  it("Ctrl-C after two answers, then --resume latest: the rest only, same files and report", async () => {
    await writeFile(join(dir, "chats.jsonl"), input);
    const reference = await startScriptedOpenAIServer(script());
    servers.push(reference);
    const whole = await grade(reference, "runs-whole", "whole", ["--concurrency", "2"]);
    expect(whole.exitCode).toBe(0);
    expect(whole.report.counts).toMatchObject({ in: 6, written: 5, quarantined: 0, skipped: 1 });
    expect(askedTopics(reference).sort()).toEqual([...topics].sort());

    // Ctrl-C once the second request reached the server (one at a time: nothing else in flight).
    const server = await startScriptedOpenAIServer(script());
    servers.push(server);
    const before = new Set(process.listeners("SIGINT"));
    const watch = setInterval(() => {
      if (askedTopics(server).length < 2) return;
      for (const listener of process.listeners("SIGINT"))
        if (!before.has(listener)) (listener as (signal: string) => void)("SIGINT");
      clearInterval(watch);
    }, 2);
    const stopped = await grade(server, "runs", "graded", ["--concurrency", "1"]).finally(() =>
      clearInterval(watch),
    );
    expect(stopped.report.status).toBe("partial");
    expect(stopped.exitCode).toBe(1);
    expect(stopped.report.detail.interrupted).toBe(true);
    expect(stopped.report.counts.written).toBe(2);
    expect(askedTopics(server)).toEqual(topics.slice(0, 2));
    // The handlers are gone once the command returns: a later Ctrl-C is the default one again.
    expect(process.listeners("SIGINT").filter((listener) => !before.has(listener))).toEqual([]);

    const resumed = await grade(server, "runs", "graded", ["--resume", "latest"]);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.report.runId).toBe(stopped.report.runId);
    // Over both processes, each conversation was judged exactly once.
    expect(askedTopics(server).sort()).toEqual([...topics].sort());
    const { out: _a, ...resumedDetail } = resumed.report.detail;
    const { out: _b, ...wholeDetail } = whole.report.detail;
    expect(resumedDetail).toEqual(wholeDetail);
    expect(resumed.report.counts).toEqual(whole.report.counts);
    expect(resumed.report.warnings).toEqual(whole.report.warnings);
    expect(await tree(join(dir, "graded"))).toEqual(await tree(join(dir, "whole")));
  });

  it("refuses --resume when an option that shapes the output changed", async () => {
    await writeFile(join(dir, "chats.jsonl"), input);
    await expect(
      program().parseAsync(
        [
          "--runs-dir",
          join(dir, "runs"),
          "insights",
          "grade",
          "--input",
          join(dir, "chats.jsonl"),
          "--out",
          join(dir, "graded"),
          "--limit",
          "1",
        ],
        { from: "user" },
      ),
    ).resolves.toBeDefined();
    await expect(
      program().parseAsync(
        [
          "--runs-dir",
          join(dir, "runs"),
          "insights",
          "grade",
          "--input",
          join(dir, "chats.jsonl"),
          "--out",
          join(dir, "graded"),
          "--limit",
          "2",
          "--resume",
          "latest",
        ],
        { from: "user" },
      ),
    ).rejects.toMatchObject({ code: "drift" });
  });
});
