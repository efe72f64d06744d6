import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../../model/scripted-server.js";
import { captureOutput, testProgram } from "../../test-support/capture-output.js";
import { registerModelCommand } from "./model-command.js";

let server: ScriptedOpenAIServer;
let directory: string;

beforeAll(async () => {
  server = await startScriptedOpenAIServer({
    answers: [
      {
        match: { schemaName: "model_try_answer" },
        value: { answer: "forty-two" },
        usage: { inputTokens: 12, outputTokens: 3 },
      },
      { match: { schemaName: "verdict" }, value: { verdict: "pass", confidence: 0.9 } },
    ],
  });
  directory = await mkdtemp(join(tmpdir(), "tracemill-model-try-"));
});
afterAll(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

async function run(args: string[]): Promise<string> {
  const output = captureOutput();
  try {
    await testProgram(registerModelCommand).parseAsync(["node", "tracemill", ...args]);
  } finally {
    output.restore();
  }
  return output.stdout();
}

describe("tracemill model try", () => {
  it("asks the configured endpoint and prints answer, usage, cost and ids", async () => {
    const output = await run([
      "model",
      "try",
      "--provider",
      "openai:gpt-4o-mini",
      "--base-url",
      server.url,
      "--prompt",
      "What is six times seven?",
      "--no-cache",
    ]);
    expect(output).toMatch(/^forty-two/);
    expect(output).toMatch(/12 input \+ 3 output tokens/);
    expect(output).toMatch(/response id: chatcmpl-scripted-1/);
    expect(output).toMatch(/fingerprint: fp_scripted/);
    const body = server.requests.at(-1)?.body as { messages: { content: string }[] };
    expect(body.messages[0]?.content).toBe("What is six times seven?");
  });

  it("validates against a --schema file and prints one JSON object with --json", async () => {
    const schemaPath = join(directory, "verdict.json");
    await writeFile(
      schemaPath,
      JSON.stringify({
        type: "object",
        properties: {
          verdict: { type: "string", enum: ["pass", "fail"] },
          confidence: { type: "number" },
        },
        required: ["verdict", "confidence"],
      }),
    );
    const output = await run([
      "--json",
      "model",
      "try",
      "--provider",
      "openai:gpt-4o-mini",
      "--base-url",
      server.url,
      "--prompt",
      "Did it pass?",
      "--schema",
      schemaPath,
      "--no-cache",
    ]);
    const parsed = JSON.parse(output);
    expect(parsed).toMatchObject({
      provider: "openai",
      offline: false,
      value: { verdict: "pass", confidence: 0.9 },
    });
  });

  it("says plainly that the offline provider runs no model, and shows the redacted prompt", async () => {
    const output = await run([
      "--json",
      "model",
      "try",
      "--provider",
      "offline:default",
      "--no-cache",
      "--prompt",
      "mail me at jane.doe@example.com",
    ]);
    const parsed = JSON.parse(output);
    expect(parsed.offline).toBe(true);
    expect(parsed.provider).toBe("offline");
    expect(parsed.value.answer).toMatch(/^offline provider: no language model runs offline/);
    expect(parsed.value.answer).not.toContain("jane.doe@example.com");
    expect(parsed.usage).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
  });
});
