import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig, modelConfigSchema } from "../core/config.js";
import { computeScore, gradeSchema } from "../core/grade.js";
import type { Trace } from "../core/trace.js";
import { createConfiguredModelClient } from "../model/configured-client.js";
import { createRedactor } from "../model/redact.js";
import { type ScriptedOpenAIServer, startScriptedOpenAIServer } from "../model/scripted-server.js";
import { conversationToTrace } from "../sources/conversations/conversation-trace.js";
import { gradeConversation } from "./conversation-judge.js";
import { conversationRubric } from "./conversation-rubric.js";
import { measureConversation } from "./conversation-signals.js";

type Message = { role: "user" | "assistant" | "system"; content: string };

function traceOf(messages: Message[], id = "c-1"): Trace {
  return conversationToTrace(
    {
      conversation_id: id,
      user_id: "u-1",
      timestamp: "2026-05-01T10:00:00Z",
      messages,
      schema_version: "1.0.0",
    },
    { file: "chats.jsonl", line: 3 },
  );
}

const good: Message[] = [
  { role: "user", content: "How do I rename a column in a pandas data frame?" },
  { role: "assistant", content: "Use df.rename(columns={'old': 'new'}); it returns a new frame." },
  { role: "user", content: "And in place?" },
  { role: "assistant", content: "Pass inplace=True, or assign the result back to df." },
];

const longQuestion =
  "I have a service that reads messages from a queue, writes them to a database and sometimes loses a message when the database restarts; how should I make the write safe against that?";

const poor: Message[] = [
  { role: "user", content: "Can you summarise this contract for me?" },
  { role: "assistant", content: "I'm sorry, but I can't help with that request." },
  { role: "user", content: longQuestion },
  { role: "assistant", content: "Use transactions." },
  { role: "user", content: "Show me the code" },
  { role: "assistant", content: "```python\ndef save(message):\n    with db.begin() as" },
  { role: "user", content: "Again?" },
  { role: "assistant", content: "Use transactions." },
  { role: "user", content: "Are you there?" },
  { role: "assistant", content: "   " },
  { role: "user", content: "Hello?" },
];

const fixedNow = () => new Date("2026-06-01T00:00:00Z");

describe("measureConversation (from the message steps)", () => {
  it("finds every problem and names the step it is at", () => {
    const signals = measureConversation(traceOf(poor));
    expect(signals).toMatchObject({
      messages: 11,
      userTurns: 6,
      answeredTurns: 4,
      unansweredAt: [8, 10],
      replies: 5,
      lastActor: "user",
      emptyAt: [9],
      truncatedAt: [5],
      terseAt: [3],
      refusalAt: [1],
      repeatedAt: [7],
      echoAt: [],
    });
  });

  it("counts consecutive user messages as one turn and sees an echo", () => {
    const signals = measureConversation(
      traceOf([
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi." },
        { role: "user", content: "Say hello back" },
        { role: "assistant", content: "say hello back" },
      ]),
    );
    expect(signals).toMatchObject({ userTurns: 1, answeredTurns: 1, echoAt: [3] });
  });
});

describe("gradeConversation offline", () => {
  it("scores a whole conversation full marks with a reason per component", async () => {
    const grade = await gradeConversation(traceOf(good), { now: fixedNow });
    expect(gradeSchema.parse(grade)).toEqual(grade);
    expect(grade.judge).toEqual({ provider: "offline", model: "conversation-heuristics/v1" });
    expect(grade.components).toEqual({
      coverage: 100,
      reply_quality: 100,
      helpfulness: 100,
      coherence: 100,
    });
    expect(grade.score).toBe(100);
    expect(grade.observations).toHaveLength(4);
    expect(grade.observations[0]).toBe(
      "coverage 100/100 [offline heuristics]: 2 of 2 user turn(s) answered; ends on the assistant's reply",
    );
    expect(grade.createdAt).toBe("2026-06-01T00:00:00.000Z");
    expect(grade.usage.requests).toBe(0);
  });

  it("marks a poor conversation down, component by component, from its steps", async () => {
    const grade = await gradeConversation(traceOf(poor), { now: fixedNow });
    // 4 of 6 turns; (1 empty + 0.75 cut off + 0.5 terse) of 5 replies; 1 refusal of 5; 1 repeat of 5
    expect(grade.components).toEqual({
      coverage: 67,
      reply_quality: 55,
      helpfulness: 80,
      coherence: 80,
    });
    expect(grade.score).toBe(computeScore(conversationRubric(), grade.components));
    expect(grade.score).toBe(67);
    expect(grade.observations.join("\n")).toContain("unanswered at step(s) 8, 10");
    expect(grade.observations.join("\n")).toContain("1 refusal(s) at step(s) 1");
    expect(grade.summary).toContain("2 unanswered turn(s)");
    // Another conversation's grade has another id; the same one graded again keeps its id.
    const again = await gradeConversation(traceOf(poor), { now: fixedNow });
    expect(again.id).toBe(grade.id);
    expect((await gradeConversation(traceOf(good), { now: fixedNow })).id).not.toBe(grade.id);
  });

  it("gives nothing to a conversation the assistant never answered", async () => {
    const grade = await gradeConversation(traceOf([{ role: "user", content: "hello?" }]));
    expect(grade.score).toBe(0);
    expect(grade.observations[1]).toContain("no assistant reply");
  });

  it("refuses a trace that is not a conversation", async () => {
    const robot = { ...traceOf(good), kind: "robot" as const };
    await expect(gradeConversation(robot)).rejects.toMatchObject({ code: "input_invalid" });
  });
});

describe("gradeConversation through the model door", () => {
  const servers: ScriptedOpenAIServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it("asks once, redacts the prompt first, and computes the score from the components", async () => {
    const server = await startScriptedOpenAIServer({
      answers: [
        {
          match: { schemaName: "conversation_judge" },
          value: {
            scores: { coverage: 90, reply_quality: 80, helpfulness: 70, coherence: 60 },
            observations: {
              coverage: "#1 and #3 answer both turns",
              reply_quality: "#1 is precise",
              helpfulness: "engages",
              coherence: "no repeats",
            },
            summary: "A short, correct exchange.",
            reasoning: "Both questions answered well.",
            confidence: 0.8,
          },
        },
      ],
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
    // The door's own redaction is off here, so only the judge's redaction can hide the address.
    const client = createConfiguredModelClient(config, {
      redactor: createRedactor({ enabled: false }),
    });
    const withEmail: Message[] = [
      { role: "user", content: "Write to grace.hopper@navy-example.org about the invoice" },
      ...good.slice(1),
    ];
    const grade = await gradeConversation(traceOf(withEmail), {
      client,
      redactor: createRedactor(),
      now: fixedNow,
    });
    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]?.body as {
      response_format: { json_schema: { name: string } };
      messages: { content: string }[];
    };
    expect(body.response_format.json_schema.name).toBe("conversation_judge");
    const prompt = body.messages.map((message) => message.content).join("\n");
    expect(prompt).toContain("#1 assistant: Use df.rename");
    expect(prompt).not.toContain("grace.hopper@navy-example.org");
    expect(prompt).toContain("[REDACTED:");
    expect(grade.judge).toMatchObject({ provider: "openai", model: "gpt-4o-mini", seed: 42 });
    // 0.4*90 + 0.3*80 + 0.2*70 + 0.1*60 = 80
    expect(grade.score).toBe(80);
    expect(grade.confidence).toBe(0.8);
    expect(grade.observations[0]).toBe("coverage 90/100: #1 and #3 answer both turns");
    expect(grade.usage.requests).toBe(1);
  });
});
