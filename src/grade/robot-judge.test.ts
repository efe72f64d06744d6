import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig, modelConfigSchema } from "../core/config.js";
import { computeScore, gradeSchema } from "../core/grade.js";
import { createConfiguredModelClient } from "../model/configured-client.js";
import { createRedactor } from "../model/redact.js";
import { type ScriptedOpenAIServer, startScriptedOpenAIServer } from "../model/scripted-server.js";
import type { Episode } from "../sources/robot/episode.js";
import { episodeToTrace } from "../sources/robot/episode-to-trace.js";
import { judgeRobotEpisode } from "./robot-judge.js";
import { robotJudgeSchemaName, sampleEvenly } from "./robot-judge-prompt.js";
import { judgeRobotEpisodeOffline } from "./robot-offline-judge.js";
import { robotEpisodeRubric } from "./robot-rubric.js";

const now = () => new Date("2026-12-06T00:00:00Z");
const secret = "grace.hopper@navy-example.org";

function episode(steps: number): Episode {
  return {
    session: "s",
    episode: 0,
    path: "ep.json",
    steps: Array.from({ length: steps }, (_, index) => ({
      index,
      observation: [index / steps, 0.5],
      action: [Math.sin(index / 10) * 0.3456, 0.5],
      intervention: index >= steps - 10,
    })),
    metrics: { success_rate: 1 },
    extra: {},
    transcript: [
      { index: 1, start_s: 0.5, end_s: 2, text: "park the car in the left bay" },
      { index: 2, start_s: 3, end_s: 4, text: `and mail the log to ${secret}` },
    ],
    transcriptPath: "ep.srt",
  };
}

const answer = {
  scores: { task_success: 90, autonomy: 80, smoothness: 70, frame_coverage: 0, length: 100 },
  reasons: {
    task_success: "success_rate 1",
    autonomy: "the last rows are human",
    smoothness: "no jumps",
    frame_coverage: "no frames",
    length: "100 steps",
  },
  summary: "A successful, mostly autonomous episode without frames.",
  reasoning: "The evidence supports the scores.",
  confidence: 0.7,
};

describe("judgeRobotEpisode", () => {
  const servers: ScriptedOpenAIServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function clientFor(answers: unknown[]) {
    const server = await startScriptedOpenAIServer({
      answers: answers.map((value) => ({ match: { schemaName: robotJudgeSchemaName }, value })),
    });
    servers.push(server);
    const config = {
      ...defaultConfig(),
      model: modelConfigSchema.parse({
        provider: "openai:gpt-4o-mini",
        baseUrl: server.url,
        apiKey: "sk-test",
        maxRetries: 0,
        cache: false,
      }),
    };
    // The door's own redaction is off, so only the judge's redaction can hide the address.
    const client = createConfiguredModelClient(config, {
      redactor: createRedactor({ enabled: false }),
    });
    return { server, client };
  }

  it("without a model (no client, or an offline one) is the offline judge's Grade unchanged", async () => {
    const trace = episodeToTrace(episode(100));
    const offline = judgeRobotEpisodeOffline(trace, { now });
    expect(await judgeRobotEpisode(trace, { now })).toEqual(offline);
    const client = createConfiguredModelClient(defaultConfig(), { diskCache: false });
    expect(client.offline).toBe(true);
    expect(await judgeRobotEpisode(trace, { client, redactor: createRedactor(), now })).toEqual(
      offline,
    );
  });

  it("asks once from the steps, redacted, and builds the Grade from the answer's components", async () => {
    const { server, client } = await clientFor([answer]);
    const trace = episodeToTrace(episode(100));
    const grade = await judgeRobotEpisode(trace, { client, redactor: createRedactor(), now });
    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]?.body as {
      response_format: { json_schema: { name: string } };
      messages: { content: string }[];
    };
    expect(body.response_format.json_schema.name).toBe(robotJudgeSchemaName);
    const prompt = body.messages.map((message) => message.content).join("\n");
    expect(prompt).toContain("park the car in the left bay");
    expect(prompt).not.toContain(secret);
    expect(prompt).toContain("[REDACTED:");
    // 100 controls shown as 40 rows, values rounded, who drove, the measured evidence.
    expect(prompt).toContain("40 of 100 row(s) shown");
    expect(prompt.match(/^#\d+ \d+\.\d\d \[/gm)).toHaveLength(40);
    expect(prompt).toMatch(/\[0\.\d{1,2}, 0\.5\] agent/);
    expect(prompt).toContain("] human");
    expect(prompt).toContain("taken over by a human: 10 (10%)");
    expect(prompt).toContain("recorded success_rate: 1");
    expect(prompt).toContain("mean jerk per step:");
    expect(prompt).not.toContain("ep.json");
    expect(gradeSchema.parse(grade)).toEqual(grade);
    expect(grade.components).toEqual(answer.scores);
    // (3*90 + 2*80 + 2*70 + 0 + 100) / 9 = 74.4
    expect(grade.score).toBe(computeScore(robotEpisodeRubric(), answer.scores));
    expect(grade.score).toBe(74);
    expect(grade.judge).toMatchObject({ provider: "openai", model: "gpt-4o-mini", seed: 42 });
    expect(grade.confidence).toBe(0.7);
    expect(grade.observations[1]).toBe("autonomy 80/100: the last rows are human");
    expect(grade.usage.requests).toBe(1);
    expect(grade.rubric).toEqual(robotEpisodeRubric());
  });

  it("refuses a malformed answer (after the door's one re-ask) as model_output_invalid", async () => {
    const broken = { ...answer, scores: { ...answer.scores, autonomy: 180 } };
    const { client } = await clientFor([broken, broken]);
    await expect(
      judgeRobotEpisode(episodeToTrace(episode(20)), { client, redactor: createRedactor() }),
    ).rejects.toMatchObject({ code: "model_output_invalid" });
  });

  it("refuses a trace that is not a robot episode", async () => {
    const trace = { ...episodeToTrace(episode(5)), kind: "conversation" as const };
    await expect(judgeRobotEpisode(trace)).rejects.toMatchObject({ code: "input_invalid" });
  });

  it("samples evenly, keeping the first and the last", () => {
    const items = Array.from({ length: 100 }, (_, index) => index);
    const picked = sampleEvenly(items, 40);
    expect(picked).toHaveLength(40);
    expect(picked[0]).toBe(0);
    expect(picked[39]).toBe(99);
    expect(new Set(picked).size).toBe(40);
    expect(sampleEvenly([1, 2], 40)).toEqual([1, 2]);
  });
});
