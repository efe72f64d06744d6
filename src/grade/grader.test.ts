import { afterEach, describe, expect, it } from "vitest";
import { TracemillError } from "../core/errors.js";
import { gradeSchema } from "../core/grade.js";
import type { SftMessage } from "../format/sft-message.js";
import type { Script, ScriptAnswer } from "../model/script.js";
import { type ScriptedOpenAIServer, startScriptedOpenAIServer } from "../model/scripted-server.js";
import type { RequestMetrics } from "../model/types.js";
import { Grader, type GraderOptions } from "./grader.js";
import { scoresFileSchema, toGrade } from "./scores-file.js";
import { sftToChunks } from "./sft-to-chunks.js";

const start = 1_755_517_860_000;
const at = (second: number) => start + second * 1000;
/** A session of 10 messages: the task, 5 screenshots in a row (chunk 1 gets 3 of them), actions. */
const session: SftMessage[] = [
  {
    role: "user",
    content: "Configure Docker container resources\n- Open Docker Desktop",
    timestamp: at(0),
  },
  ...["one", "two", "three"].map((name, index) => ({
    role: "user" as const,
    content: { type: "image" as const, data: Buffer.from(name).toString("base64") },
    timestamp: at(index + 1),
  })),
  {
    role: "user",
    content: { type: "image", data: Buffer.from("four").toString("base64") },
    timestamp: at(4),
  },
  { role: "assistant", content: "```python\nclick(120, 40)\n```", timestamp: at(5) },
  {
    role: "user",
    content: { type: "image", data: Buffer.from("five").toString("base64") },
    timestamp: at(6),
  },
  { role: "assistant", content: '```python\ntype("8 GB")\n```', timestamp: at(7) },
  { role: "assistant", content: '```python\nhotkey("cmd+s")\n```', timestamp: at(8) },
  { role: "assistant", content: "```python\nclick(300, 500)\n```", timestamp: at(9) },
];

const verdict = {
  summary: "Opened Docker Desktop and set the memory limit.",
  observations: ["Reached the Resources pane at t=4 s.", "Typed 8 GB into the memory field."],
  reasoning: "All objectives were reached with one detour.",
  confidence: 0.8,
  outcomeAchievement: 80,
  processQuality: 60,
  efficiency: 40,
};
const chunkAnswer = (summary: string): ScriptAnswer => ({
  match: { schemaName: "screen_chunk_summary" },
  value: { summary },
});
const verdictAnswer = (value: unknown = verdict): ScriptAnswer => ({
  match: { schemaName: "screen_session_verdict" },
  value,
});

const servers: ScriptedOpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(script: Script, options: GraderOptions = {}) {
  const server = await startScriptedOpenAIServer(script);
  servers.push(server);
  const metrics: RequestMetrics[] = [];
  const grader = new Grader({
    apiKey: "test-key",
    baseUrl: server.url,
    maxRetries: 0,
    rateLimiter: { maxTokens: 1000, refillRate: 1000 },
    onMetrics: (record) => metrics.push(record),
    now: () => new Date("2025-08-18T12:00:00.000Z"),
    ...options,
  });
  return { server, grader, metrics };
}

interface WireBody {
  seed?: number;
  response_format?: { json_schema?: { name?: string } };
  messages: {
    role: string;
    content:
      | string
      | { type: string; text?: string; image_url?: { url: string; detail: string } }[];
  }[];
}
const bodyOf = (server: ScriptedOpenAIServer, index: number) =>
  server.requests[index]?.body as WireBody;
const wireText = (body: WireBody) =>
  body.messages
    .map((message) =>
      typeof message.content === "string"
        ? message.content
        : message.content.map((part) => part.text ?? "").join("\n"),
    )
    .join("\n");
const wireImages = (body: WireBody) =>
  body.messages.flatMap((message) =>
    typeof message.content === "string"
      ? []
      : message.content.filter((part) => part.type === "image_url"),
  );

describe("Grader with a scripted model over real HTTP", () => {
  it("sends chunks in order, each with the previous summary, then the verdict; score computed from components", async () => {
    const { server, grader, metrics } = await setup({
      answers: [
        chunkAnswer("S1: saw Docker open"),
        chunkAnswer("S2: clicked Resources"),
        chunkAnswer("S3: saved"),
        verdictAnswer(),
      ],
    });
    const chunks = sftToChunks(session, 4);
    const evaluation = await grader.evaluateSession(chunks, {
      sessionId: "20250817_232256",
      traceId: "trace_x",
    });

    expect(
      server.requests.map(
        (request) =>
          bodyOf(server, server.requests.indexOf(request)).response_format?.json_schema?.name,
      ),
    ).toEqual([
      "screen_chunk_summary",
      "screen_chunk_summary",
      "screen_chunk_summary",
      "screen_session_verdict",
    ]);
    expect(wireText(bodyOf(server, 0))).toContain("Previous summary: none");
    expect(wireText(bodyOf(server, 1))).toContain("Previous summary: S1: saw Docker open");
    expect(wireText(bodyOf(server, 2))).toContain("Previous summary: S2: clicked Resources");
    const final = wireText(bodyOf(server, 3));
    expect(final.indexOf("1. S1")).toBeLessThan(final.indexOf("3. S3: saved"));
    expect(final).toContain("Task: Configure Docker container resources");
    expect(bodyOf(server, 0).seed).toBe(42);

    expect(evaluation.components).toEqual({
      outcomeAchievement: 80,
      processQuality: 60,
      efficiency: 40,
    });
    expect(evaluation.score).toBe(Math.round(0.8 * 50 + 0.6 * 30 + 0.4 * 20));
    expect(evaluation).toMatchObject({
      outcomeAchievement: 80,
      processQuality: 60,
      efficiency: 40,
      offline: false,
    });
    expect(evaluation.weights).toEqual({
      outcomeAchievement: 0.5,
      processQuality: 0.3,
      efficiency: 0.2,
    });
    expect(evaluation.chunkSummaries).toEqual([
      "S1: saw Docker open",
      "S2: clicked Resources",
      "S3: saved",
    ]);
    expect(evaluation.judge).toEqual({
      provider: "openai",
      model: "gpt-4o-mini",
      seed: 42,
      fingerprint: "fp_scripted",
    });
    expect(evaluation.rubric).toEqual({ id: "screen-session", version: "1" });
    expect(evaluation.usage).toMatchObject({ requests: 4, cachedRequests: 0 });
    expect(evaluation.usage.inputTokens).toBeGreaterThan(0);
    expect(scoresFileSchema.parse(evaluation)).toEqual(evaluation);
    expect(metrics.map((record) => record.context.chunk)).toEqual([0, 1, 2, "verdict"]);

    const grade = gradeSchema.parse(toGrade(evaluation));
    expect(grade).toMatchObject({
      schema: "tracemill.grade/v1",
      traceId: "trace_x",
      score: evaluation.score,
    });
    expect(toGrade({ ...evaluation, createdAt: "2030-01-01T00:00:00.000Z" }).id).toBe(grade.id);
    expect(
      toGrade({ ...evaluation, components: { ...evaluation.components, efficiency: 41 } }).id,
    ).not.toBe(grade.id);
  });

  it("sends at most 3 images per chunk request, the last ones, with detail low", async () => {
    const { server, grader } = await setup({
      answers: [chunkAnswer("a"), chunkAnswer("b"), chunkAnswer("c"), verdictAnswer()],
    });
    await grader.evaluateSession(sftToChunks(session, 7), { sessionId: "s" });
    const images = wireImages(bodyOf(server, 0));
    expect(images).toHaveLength(3);
    expect(images.every((part) => part.image_url?.detail === "low")).toBe(true);
    expect(
      images.map((part) =>
        Buffer.from(part.image_url?.url.split(",")[1] ?? "", "base64").toString(),
      ),
    ).toEqual(["three", "four", "five"]);
    expect(wireText(bodyOf(server, 0))).toContain("2 omitted");
  });

  it("applies overridden weights, from the options or updateEvaluationCriteria", async () => {
    const { grader } = await setup(
      { answers: [chunkAnswer("a"), verdictAnswer(), chunkAnswer("b"), verdictAnswer()] },
      { weights: "outcome=0.6,process=0.3,efficiency=0.1" },
    );
    const chunks = [session.slice(0, 2)];
    const first = await grader.evaluateSession(chunks, { sessionId: "s" });
    expect(first.weights).toEqual({
      outcomeAchievement: 0.6,
      processQuality: 0.3,
      efficiency: 0.1,
    });
    expect(first.score).toBe(70);
    grader.updateEvaluationCriteria({ weights: { efficiency: 1 } });
    expect(grader.getEvaluationCriteria().weights).toEqual({
      outcomeAchievement: 0,
      processQuality: 0,
      efficiency: 1,
    });
    const second = await grader.evaluateSession(chunks, { sessionId: "s" });
    expect(second.score).toBe(40);
  });

  it("re-asks once when the verdict has 7 observations, and accepts the corrected answer", async () => {
    const seven = {
      ...verdict,
      observations: Array.from({ length: 7 }, (_, index) => `observation ${index + 1}`),
    };
    const { server, grader } = await setup({
      answers: [chunkAnswer("a"), verdictAnswer(seven), verdictAnswer()],
    });
    const evaluation = await grader.evaluateSession([session.slice(0, 2)], { sessionId: "s" });
    expect(evaluation.observations).toHaveLength(2);
    expect(server.requests).toHaveLength(3);
    expect(wireText(bodyOf(server, 2))).toMatch(/rejected.*observations/s);
  });

  it("fails with model_output_invalid when the re-asked verdict still has 7 observations", async () => {
    const seven = {
      ...verdict,
      observations: Array.from({ length: 7 }, (_, index) => `observation ${index + 1}`),
    };
    const { grader } = await setup({
      answers: [chunkAnswer("a"), verdictAnswer(seven), verdictAnswer(seven)],
    });
    const failure = await grader
      .evaluateSession([session.slice(0, 2)], { sessionId: "s" })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TracemillError);
    expect((failure as TracemillError).code).toBe("model_output_invalid");
    expect((failure as Error).message).toContain("observations");
  });

  it("shares one process-wide rate limiter between graders with the same settings", async () => {
    // A bucket that barely refills, so the tokens one grader spends show in the other's stats.
    const limiter = { maxTokens: 37, refillRate: 0.001 };
    const { grader } = await setup(
      { answers: [chunkAnswer("a"), verdictAnswer()] },
      { rateLimiter: limiter },
    );
    const other = new Grader({
      apiKey: "another",
      baseUrl: "http://127.0.0.1:9/v1",
      rateLimiter: limiter,
    });
    expect(other.getRateLimiterStats()).toMatchObject({ maxTokens: 37, refillRate: 0.001 });
    const before = other.getRateLimiterStats().tokens;
    await grader.evaluateSession([session.slice(0, 2)], { sessionId: "s" });
    expect(other.getRateLimiterStats().tokens).toBeLessThanOrEqual(before - 2 + 0.01);
  });

  it("uses openai:gpt-4o-mini with a key, the offline judge without one, and honours model", () => {
    expect(new Grader({ apiKey: "k" }).judge).toBe("openai:gpt-4o-mini");
    expect(new Grader({ apiKey: "k", model: "gpt-4.1" }).judge).toBe("openai:gpt-4.1");
    expect(new Grader().judge).toBe("offline:screen-heuristics-v1");
    expect(() => new Grader({ chunkSize: 0 })).toThrow(/chunkSize/);
    expect(() => new Grader({ provider: "acme:model" })).toThrow(/unknown model provider/);
  });
});
