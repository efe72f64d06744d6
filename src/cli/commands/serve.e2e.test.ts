import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServe } from "./serve.js";

function quietCommand(): Command {
  const program = new Command("tracemill").option("-q, --quiet").option("--json");
  program.parse(["node", "tracemill", "--quiet"]);
  return program;
}

describe("tracemill serve (the action, without the signal wait)", () => {
  let dataDir: string;
  const saved = { tokens: process.env.TRACEMILL_API_TOKENS, key: process.env.TRACEMILL_HMAC_KEY };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tracemill-serve-test-"));
    delete process.env.TRACEMILL_API_TOKENS;
    delete process.env.TRACEMILL_HMAC_KEY;
  });
  afterAll(async () => {
    if (saved.tokens !== undefined) process.env.TRACEMILL_API_TOKENS = saved.tokens;
    if (saved.key !== undefined) process.env.TRACEMILL_HMAC_KEY = saved.key;
    await rm(dataDir, { recursive: true, force: true });
  });

  const flags = (extra: Record<string, unknown> = {}) => ({
    host: "127.0.0.1",
    port: "0",
    db: "memory://",
    dataDir,
    workers: "0",
    ...extra,
  });

  it("refuses to start without an API token and without --dev", async () => {
    await expect(startServe(flags(), quietCommand())).rejects.toThrow(/no API token/);
  });

  it("--dev starts on loopback with a generated token, and keeps a generated HMAC key (0600)", async () => {
    const service = await startServe(flags({ dev: true }), quietCommand());
    try {
      expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(service.devToken).toMatch(/^tm_dev_/);
      const created = await fetch(`${service.url}/v1/traces`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${service.devToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ participant_id: "p", task_id: "t", task_title: "T" }),
      });
      expect(created.status).toBe(200);
      const refused = await fetch(`${service.url}/v1/traces`, {
        headers: { authorization: "Bearer dev_token_12345" },
      });
      expect(refused.status).toBe(401);
      expect((await stat(join(dataDir, "hmac.key"))).mode & 0o777).toBe(0o600);
    } finally {
      await service.close();
    }
  });
});
