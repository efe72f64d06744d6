import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/config.js";
import { buildExampleScreenSessions, exampleDesktopSessionId } from "./example-sessions.js";
import { resolveProcessOptions } from "./options.js";
import { processScreenSessions } from "./process-sessions.js";

/** Issue 13: process's metrics add up and show every model attempt, retries included. */
const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});

const verdict = {
  summary: "Signed in and saved.",
  observations: ["Typed the account email", "Saved with cmd+s"],
  reasoning: "The objectives appear in the actions.",
  confidence: 0.8,
  outcomeAchievement: 90,
  processQuality: 70,
  efficiency: 40,
};

describe("process metrics", () => {
  it("counts sessions in = written + quarantined + skipped, and retried judge requests as sent", async () => {
    const root = await mkdtemp(join(tmpdir(), "tracemill-process-metrics-"));
    temporary.push(root);
    await buildExampleScreenSessions(join(root, "data"), { videos: false });
    const script = join(root, "answers.json");
    await writeFile(
      script,
      JSON.stringify({
        answers: [
          { error: { status: 503, retryAfterMs: 1 }, times: 2 },
          {
            match: { schemaName: "screen_chunk_summary" },
            value: { summary: "The person signs in." },
            times: 50,
          },
          { match: { schemaName: "screen_session_verdict" }, value: verdict, times: 5 },
        ],
      }),
    );
    const config = defaultConfig();
    config.runsDir = join(root, "runs");
    config.cacheDir = join(root, "cache");
    config.model = { ...config.model, scriptPath: script, cache: false };
    const options = resolveProcessOptions(
      {
        format: "desktop",
        data: join(root, "data", "desktop"),
        out: join(root, "out"),
        sessions: `no-such-session,${exampleDesktopSessionId}`,
        grade: true,
        judge: "scripted:judge",
      },
      root,
    );
    const report = await processScreenSessions(options, config, {
      toolVersion: "test",
      notice: () => {},
    });
    expect(report.tally).toEqual({ in: 2, written: 1, quarantined: 1, skipped: {} });
    const runMetrics = JSON.parse(
      await readFile(join(config.runsDir, report.runId, "metrics.json"), "utf8"),
    ) as { counts: Record<string, number> };
    const { counts } = runMetrics;
    expect(counts).toMatchObject({ in: 2, written: 1, quarantined: 1, skipped: 0 });
    expect(counts.requests_retried).toBe(2);
    expect(counts.requests_sent).toBe((counts.requests_needed ?? 0) + 2);
    const outMetrics = JSON.parse(await readFile(join(root, "out", "metrics.json"), "utf8"));
    expect(outMetrics.requests).toMatchObject({ requests_retried: 2 });
    const retries = (await readFile(join(config.runsDir, report.runId, "events.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((event) => event.type === "model-attempt" && event.outcome === "retry");
    expect(retries).toEqual([
      expect.objectContaining({ attempt: 1, status: 503, waitMs: 1 }),
      expect.objectContaining({ attempt: 2, status: 503, waitMs: 1 }),
    ]);
  });
});
