import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/config.js";
import type { ModelClient } from "../../model/model-client.js";
import { createRedactor } from "../../model/redact.js";
import type { PipelineReport } from "../types.js";
import { type ConversationGradeDetail, gradeConversations } from "./index.js";

/**
 * `insights grade` stopped part-way and resumed: the model is asked only for what the first
 * process did not grade, and the files and the report equal those of a run never stopped; the
 * number of conversations graded at once changes nothing but the speed.
 */
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracemill-grade-resume-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const now = () => new Date("2026-06-01T00:00:00Z");
const key = "sk-proj-Q8xV2mN4pL7rT1wZ9yB3cD5fG6hJ0kLa";

const chat = (id: string, question: string, answer?: string) =>
  JSON.stringify({
    conversation_id: id,
    user_id: `user-${id}`,
    timestamp: "2026-05-01T10:00:00Z",
    messages: [
      { role: "user", content: question },
      ...(answer === undefined ? [] : [{ role: "assistant", content: answer }]),
    ],
  });

const input = [
  chat("c1", "How do I list hidden files?", "Run ls -a."),
  chat("c2", `My key is ${key}, why 401?`, "Rotate the key and retry."),
  "{not json",
  chat("c3", "Is anyone there?"),
  chat("c4", "What is a monad?", "A monoid in the category of endofunctors."),
  "",
  chat("c5", "Sort a list in Python?", "Use sorted(xs) or xs.sort()."),
  chat("c6", "Undo a git commit?", "git reset --soft HEAD~1 keeps the changes."),
  '{"conversation_id": "no-messages"}',
  chat("c7", "Convert Celsius to Fahrenheit?", "Multiply by 9/5 and add 32."),
  chat("c8", "What does HTTP 418 mean?", "I'm a teapot, an April fools' status."),
].join("\n");
const conversations = 8;

/**
 * A paid judge stand-in: a valid answer whose scores follow the conversation, slower for earlier
 * lines (so concurrent grading ends out of order); it records what it was asked and may call
 * `onAsk` (a test stops the run from there).
 */
function judgeClient(onAsk?: (count: number) => void) {
  const asked: string[] = [];
  const client: ModelClient = {
    provider: "paid",
    model: "judge-1",
    offline: false,
    async generateObject(request) {
      const traceId = String(request.context?.traceId);
      asked.push(traceId);
      onAsk?.(asked.length);
      await new Promise((done) => setTimeout(done, 2 + ((9 - asked.length) % 5) * 4));
      const base = [...traceId].reduce((sum, char) => sum + char.charCodeAt(0), 0) % 60;
      const note = "messages #0 and #1";
      return {
        value: {
          scores: {
            coverage: 40 + base,
            reply_quality: 30 + base,
            helpfulness: 20 + base,
            coherence: 35 + base,
          },
          observations: { coverage: note, reply_quality: note, helpfulness: note, coherence: note },
          summary: `judged ${traceId}`,
          reasoning: "a short reason",
          confidence: 0.8,
        },
        usage: { inputTokens: 10, outputTokens: 5, costUsd: 0.001 },
        durationMs: 1,
        retries: 0,
        cached: false,
        provider: "paid",
        model: "judge-1",
      } as never;
    },
    estimate: () => ({ inputTokens: 0, outputTokens: 0, costUsd: 0 }),
    usage: () =>
      ({
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        requests: asked.length,
        sentRequests: asked.length,
        retriedRequests: 0,
        reaskedRequests: 0,
        cachedRequests: 0,
        failedRequests: 0,
      }) as never,
    rateLimiterStats: () => ({}) as never,
  };
  return { client, asked };
}

function deps(runs: string) {
  const config = { ...defaultConfig(), runsDir: join(dir, runs) };
  return { config, redactor: createRedactor(config.redaction) };
}

/** Every file under a folder, by relative path, with its bytes. */
async function tree(folder: string): Promise<Record<string, string>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries
    .filter((e) => e.isFile())
    .sort((a, b) => a.name.localeCompare(b.name)))
    files[join(entry.parentPath, entry.name).slice(folder.length + 1)] = await readFile(
      join(entry.parentPath, entry.name),
      "utf8",
    );
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
}

/** What must not depend on how the run went: counts, status, warnings and the detail but `out`. */
function outcome(report: PipelineReport<ConversationGradeDetail>) {
  const { out: _out, ...detail } = report.detail;
  return { status: report.status, counts: report.counts, warnings: report.warnings, detail };
}

async function writeInput(): Promise<string> {
  const path = join(dir, "chats.jsonl");
  await writeFile(path, input);
  return path;
}

describe("gradeConversations: resume and concurrency", () => {
  for (const concurrency of [1, 3]) {
    it(`a run stopped after 3 model answers resumes without asking again (concurrency ${concurrency})`, async () => {
      const path = await writeInput();
      const reference = judgeClient();
      const whole = await gradeConversations(
        { input: path, out: join(dir, "whole"), now, concurrency },
        { ...deps("runs-whole"), client: reference.client },
      );
      expect(whole.counts).toMatchObject({ in: 10, written: 8, quarantined: 0, skipped: 2 });
      expect(reference.asked).toHaveLength(conversations);

      // The "kill": the signal aborts once the judge has been asked three times.
      const stop = new AbortController();
      const first = judgeClient((count) => {
        if (count === 3) stop.abort();
      });
      const out = join(dir, "graded");
      const stopped = await gradeConversations(
        { input: path, out, now, concurrency },
        { ...deps("runs"), client: first.client, signal: stop.signal },
      );
      expect(stopped.status).toBe("partial");
      expect(stopped.detail.interrupted).toBe(true);
      // Only the requests already sent were answered; nothing queued behind them started.
      expect(first.asked.length).toBeGreaterThanOrEqual(3);
      expect(first.asked.length).toBeLessThan(conversations);
      expect(stopped.detail.graded).toHaveLength(first.asked.length);
      const runDir = join(dir, "runs", stopped.runId as string);
      const manifest = JSON.parse(await readFile(join(runDir, "manifest.json"), "utf8"));
      expect(manifest.status).toBe("interrupted");
      expect(manifest.stages.grade.status).not.toBe("completed");

      const second = judgeClient();
      const resumed = await gradeConversations(
        { input: path, out, now, concurrency, resume: "latest" },
        { ...deps("runs"), client: second.client },
      );
      expect(resumed.runId).toBe(stopped.runId);
      // Each conversation asked exactly once over the two processes.
      expect(second.asked.filter((id) => first.asked.includes(id))).toEqual([]);
      expect([...first.asked, ...second.asked].sort()).toEqual([...reference.asked].sort());
      expect(outcome(resumed)).toEqual(outcome(whole));
      expect(await tree(out)).toEqual(await tree(join(dir, "whole")));

      // The run folder: one item per conversation, bad-line warnings once, totals not doubled.
      const items = (await readFile(join(runDir, "grade", "items.jsonl"), "utf8"))
        .trim()
        .split("\n");
      expect(items).toHaveLength(conversations);
      const warnings = (await readFile(join(runDir, "warnings.jsonl"), "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { line?: number; code: string });
      expect(warnings.map((warning) => warning.line).sort()).toEqual([3, 9]);
      const metrics = JSON.parse(await readFile(join(runDir, "metrics.json"), "utf8"));
      expect(metrics.counts).toMatchObject({ in: 10, written: 8, skipped: 2 });
      expect(metrics.counts.requests_sent).toBe(conversations);
      const finalManifest = JSON.parse(await readFile(join(runDir, "manifest.json"), "utf8"));
      expect(finalManifest).toMatchObject({
        status: "completed",
        stages: { grade: { status: "completed" } },
      });
      expect(JSON.stringify(await tree(out))).not.toContain(key);
    });
  }

  it("grades again a done conversation whose grade.json was lost, and only that one", async () => {
    const path = await writeInput();
    const out = join(dir, "graded");
    const first = judgeClient();
    const whole = await gradeConversations(
      { input: path, out, now },
      { ...deps("runs"), client: first.client },
    );
    const before = await tree(out);
    await rm(join(out, "c4", "grade.json"));
    await writeFile(join(out, "c5", "grade.json"), "{torn");
    const second = judgeClient();
    const resumed = await gradeConversations(
      { input: path, out, now, resume: whole.runId as string },
      { ...deps("runs"), client: second.client },
    );
    expect(second.asked.sort()).toEqual(
      whole.detail.graded
        .filter((item) => item.folder === "c4" || item.folder === "c5")
        .map((item) => item.traceId)
        .sort(),
    );
    expect(outcome(resumed)).toEqual(outcome(whole));
    expect(await tree(out)).toEqual(before);
  });

  it("refuses to resume when the input changed", async () => {
    const path = await writeInput();
    const out = join(dir, "graded");
    await gradeConversations({ input: path, out, now }, deps("runs"));
    await writeFile(path, `${input}\n${chat("c9", "One more?", "Yes.")}`);
    await expect(
      gradeConversations({ input: path, out, now, resume: "latest" }, deps("runs")),
    ).rejects.toMatchObject({ code: "drift" });
  });

  it("offline: grading 1 or 4 at once gives the same files and report", async () => {
    const path = await writeInput();
    const one = await gradeConversations(
      { input: path, out: join(dir, "one"), now, concurrency: 1 },
      deps("runs"),
    );
    const four = await gradeConversations(
      { input: path, out: join(dir, "four"), now, concurrency: 4 },
      deps("runs"),
    );
    expect(one.detail.judge).toBe("offline:conversation-heuristics/v1");
    expect(one.counts).toMatchObject({ in: 10, written: 8, skipped: 2 });
    expect(outcome(four)).toEqual(outcome(one));
    expect(await tree(join(dir, "four"))).toEqual(await tree(join(dir, "one")));
  });

  it("with a paid judge, 4 at once ends out of order but reports in line order", async () => {
    const path = await writeInput();
    const serial = judgeClient();
    const one = await gradeConversations(
      { input: path, out: join(dir, "one"), now, concurrency: 1 },
      { ...deps("runs"), client: serial.client },
    );
    let inFlight = 0;
    let most = 0;
    const parallel = judgeClient();
    const generate = parallel.client.generateObject.bind(parallel.client);
    parallel.client.generateObject = async (request) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await generate(request);
      } finally {
        inFlight -= 1;
      }
    };
    const ticks: string[] = [];
    const four = await gradeConversations(
      { input: path, out: join(dir, "four"), now, concurrency: 4 },
      {
        ...deps("runs"),
        client: parallel.client,
        onProgress: (_phase, _done, _total, id) => ticks.push(id ?? ""),
      },
    );
    expect(most).toBe(4);
    expect(ticks).not.toEqual([...ticks].sort());
    expect(four.detail.graded.map((item) => item.line)).toEqual([1, 2, 4, 5, 7, 8, 10, 11]);
    expect(outcome(four)).toEqual(outcome(one));
    expect(await tree(join(dir, "four"))).toEqual(await tree(join(dir, "one")));
  });

  it("refuses a concurrency below 1", async () => {
    const path = await writeInput();
    await expect(
      gradeConversations({ input: path, out: join(dir, "o"), concurrency: 0 }, deps("runs")),
    ).rejects.toMatchObject({ code: "input_invalid" });
  });
});
