import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-support/run-cli.js";

let workdir: string;
beforeAll(async () => {
  workdir = await mkdtemp(join(tmpdir(), "tracemill-cli-"));
});

describe("tracemill CLI", () => {
  it("lists its command groups in --help and prints its version", async () => {
    const help = await runCli(["--help"], { cwd: workdir });
    expect(help.code).toBe(0);
    for (const command of ["runs", "doctor", "schema", "model"]) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, "m"));
    }
    const version = await runCli(["--version"], { cwd: workdir });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("prints the Trace JSON Schema and refuses an unknown schema name", async () => {
    const result = await runCli(["schema", "trace"], { cwd: workdir });
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout);
    expect(schema.$schema).toMatch(/json-schema/);
    expect(schema.properties.steps.type).toBe("array");
    expect(schema.required).toEqual(expect.arrayContaining(["schema", "id", "kind", "steps"]));
    const unknown = await runCli(["schema", "nonsense"], { cwd: workdir });
    expect(unknown.code).toBe(65);
    expect(unknown.stderr).toMatch(/unknown schema "nonsense".*trace, grade, rubric/);
  });

  it("doctor --json prints a report whose required checks pass on this machine", async () => {
    const result = await runCli(["doctor", "--json"], { cwd: workdir });
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: true, toolVersion: expect.any(String) });
    const ids = report.checks.map((check: { id: string }) => check.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "node",
        "ffmpeg",
        "ffprobe",
        "bubblewrap",
        "runs-dir",
        "model-endpoint",
      ]),
    );
    for (const check of report.checks) {
      expect(check).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          status: expect.stringMatching(/^(ok|warn|fail|skip)$/),
          required: expect.any(Boolean),
          detail: expect.any(String),
        }),
      );
    }
    expect(result.code).toBe(0);
  });

  describe("doctor against an OpenAI-compatible endpoint", () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((request, response) => {
        const authorised = request.headers.authorization === "Bearer right-key";
        response.writeHead(authorised ? 200 : 401, { "content-type": "application/json" });
        response.end(
          JSON.stringify(
            authorised ? { data: [{ id: "local-model" }] } : { error: { message: "no key" } },
          ),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("passes with the key the server wants and fails, with a fix, without it", async () => {
      const withKey = await runCli(
        ["doctor", "--json", "--provider", "openai:local-model", "--base-url", base],
        {
          cwd: workdir,
          env: { OPENAI_API_KEY: "right-key" },
        },
      );
      expect(withKey.code).toBe(0);
      const withoutKey = await runCli(
        ["doctor", "--json", "--provider", "openai:local-model", "--base-url", base],
        { cwd: workdir },
      );
      expect(withoutKey.code).toBe(1);
      const failed = JSON.parse(withoutKey.stdout).checks.find(
        (check: { id: string }) => check.id === "model-endpoint",
      );
      expect(failed).toMatchObject({
        status: "fail",
        required: true,
        detail: expect.stringMatching(/401/),
        fix: expect.stringMatching(/OPENAI_API_KEY/),
      });
    });

    it("fails when the endpoint is unreachable", async () => {
      const closed = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, "127.0.0.1", () => {
          const port = (probe.address() as AddressInfo).port;
          probe.close(() => resolve(port));
        });
      });
      const result = await runCli(
        ["doctor", "--provider", "openai:x", "--base-url", `http://127.0.0.1:${closed}/v1`],
        { cwd: workdir },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/FAIL\s+language model: .*unreachable/);
      expect(result.stdout).toMatch(/fix: start the server/);
    });
  });

  it("names the bad key and where it came from when the config is invalid", async () => {
    const folder = await mkdtemp(join(workdir, "config-"));
    await writeFile(
      join(folder, "tracemill.config.json"),
      JSON.stringify({ model: { timeoutMs: "soon", temprature: 0 } }),
    );
    const result = await runCli(["doctor"], { cwd: folder });
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/config_invalid/);
    expect(result.stderr).toMatch(/model\.timeoutMs: .*number/);
    expect(result.stderr).toMatch(/model\.temprature: Unrecognized key/);
    expect(result.stderr).toContain("tracemill.config.json");

    const fromEnvironment = await runCli(["doctor"], {
      cwd: workdir,
      env: { TRACEMILL_MODEL: "gpt-4o" },
    });
    expect(fromEnvironment.code).toBe(78);
    expect(fromEnvironment.stderr).toMatch(
      /model\.provider: expected provider:model.*\(from environment\)/,
    );
  });

  it("prints a JSON error body with --json when a command fails", async () => {
    const result = await runCli(["--json", "schema", "nonsense"], { cwd: workdir });
    expect(JSON.parse(result.stdout)).toEqual({
      error: { code: "input_invalid", message: expect.stringMatching(/unknown schema/) },
    });
  });
});
