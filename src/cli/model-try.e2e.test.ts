import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Script, startScriptedOpenAIServer } from "../model/index.js";
import { runCli } from "../test-support/run-cli.js";

/** `tracemill model try` as a user runs it, against an OpenAI-compatible server on loopback. */
let workdir: string;
let close: (() => Promise<void>) | undefined;
beforeAll(async () => {
  workdir = await mkdtemp(join(tmpdir(), "tracemill-model-try-"));
});
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(script: Script) {
  const server = await startScriptedOpenAIServer(script);
  close = server.close;
  return server;
}

function tryArgs(url: string, ...extra: string[]) {
  return [
    "--json",
    "model",
    "try",
    "--provider",
    "openai:any",
    "--base-url",
    url,
    "--prompt",
    "hi",
    "--no-cache",
    ...extra,
  ];
}

describe("tracemill model try", () => {
  it("answers through any OpenAI-compatible server without a key", async () => {
    const server = await serve({
      answers: [
        {
          value: { answer: "hello from the local server" },
          usage: { inputTokens: 9, outputTokens: 6 },
        },
      ],
    });
    const result = await runCli(tryArgs(server.url), { cwd: workdir });
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.value).toEqual({ answer: "hello from the local server" });
    expect(output.usage).toMatchObject({ inputTokens: 9, outputTokens: 6 });
    expect(output.retries).toBe(0);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body).toMatchObject({ seed: 42, temperature: 0, top_p: 1 });
  });

  it("waits out a 429 with Retry-After, then succeeds", async () => {
    const server = await serve({
      answers: [
        { error: { status: 429, retryAfterSeconds: 1 } },
        { value: { answer: "after the wait" } },
      ],
    });
    const result = await runCli(tryArgs(server.url), { cwd: workdir });
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ value: { answer: "after the wait" }, retries: 1 });
    expect(server.requests).toHaveLength(2);
  });

  it("retries 500 and 503, then succeeds", async () => {
    const server = await serve({
      answers: [
        { error: { status: 500 } },
        { error: { status: 503 } },
        { value: { answer: "third time" } },
      ],
    });
    const result = await runCli(tryArgs(server.url), { cwd: workdir });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      value: { answer: "third time" },
      retries: 2,
    });
  });

  it("gives up on a server that is too slow with a timeout error and exit code", async () => {
    const server = await serve({
      answers: [{ value: { answer: "late" }, delayMs: 3000, times: 3 }],
    });
    const result = await runCli(tryArgs(server.url, "--timeout", "300", "--max-retries", "1"), {
      cwd: workdir,
    });
    expect(result.code).toBe(69);
    expect(JSON.parse(result.stdout).error.code).toBe("timeout");
    expect(result.stderr).toMatch(/tracemill: timeout: /);
  });

  it("stops at a 400 without retrying", async () => {
    const server = await serve({
      answers: [
        { error: { status: 400, message: "bad request: unknown model" } },
        { value: { answer: "never" } },
      ],
    });
    const result = await runCli(tryArgs(server.url), { cwd: workdir });
    expect(result.code).toBe(76);
    expect(result.stderr).toMatch(/permanent/);
    expect(server.requests).toHaveLength(1);
  });

  it("says the offline provider is not a language model", async () => {
    const result = await runCli(
      ["model", "try", "--provider", "offline:default", "--prompt", "write me a poem"],
      { cwd: workdir },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/offline/);
    expect(result.stdout).toMatch(/no language model/);
  });
});
