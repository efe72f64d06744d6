import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureOutputInEachTest, testProgram } from "../../test-support/capture-output.js";
import { registerInsightsCommand } from "./insights-command.js";

/** A fresh program with the global flags main.ts declares, so insights.ts is tested on its own, in-process. */
const program = () => testProgram(registerInsightsCommand);

const examples = resolve(import.meta.dirname, "../../../examples/insights");
let dir: string;
const output = captureOutputInEachTest();
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracemill-insights-cli-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("tracemill insights validate-input", () => {
  it("exits 65 on an invalid file and writes the JSON report", async () => {
    const reportPath = join(dir, "report.json");
    await program().parseAsync(
      [
        "insights",
        "validate-input",
        "--input",
        join(examples, "bad.jsonl"),
        "--report-json",
        reportPath,
      ],
      { from: "user" },
    );
    expect(process.exitCode).toBe(65);
    const report = JSON.parse(await readFile(reportPath, "utf8")) as {
      ok: boolean;
      errors: { code: string }[];
    };
    expect(report.ok).toBe(false);
    expect(new Set(report.errors.map((error) => error.code))).toEqual(
      new Set([
        "invalid_json",
        "non_object_line",
        "schema_validation_failed",
        "duplicate_conversation_id",
      ]),
    );
  });

  it("passes the committed example corpus", async () => {
    await program().parseAsync(
      ["--json", "insights", "validate-input", "--input", join(examples, "conversations.jsonl")],
      { from: "user" },
    );
    expect(process.exitCode).toBeUndefined();
    expect(JSON.parse(output.stdout()) as { valid_conversations: number }).toMatchObject({
      valid_conversations: 60,
      ok: true,
    });
  });
});

describe("tracemill insights run and doctor", () => {
  it("runs the offline pipeline on the example corpus and prints the report as JSON", async () => {
    const config = join(dir, "tracemill.config.json");
    await writeFile(config, JSON.stringify({ cacheDir: join(dir, "cache") }));
    await program().parseAsync(
      [
        "--json",
        "--config",
        config,
        "--runs-dir",
        join(dir, "runs"),
        "insights",
        "run",
        "--input",
        join(examples, "conversations.jsonl"),
        "--with-labeling",
        "--k",
        "4",
        "--yes",
      ],
      { from: "user" },
    );
    const report = JSON.parse(output.stdout()) as {
      status: string;
      clusters: number;
      facets: number;
      dir: string;
    };
    expect(report).toMatchObject({ status: "completed", clusters: 4, facets: 60 });
    expect(report.dir.startsWith(join(dir, "runs"))).toBe(true);
    await expect(readFile(join(dir, "cache", "insights.salt"), "utf8")).resolves.toMatch(
      /^[0-9a-f]{64}\n$/,
    );
  }, 300_000);

  it("exits 65 when most input lines are invalid, unless --allow-invalid", async () => {
    const config = join(dir, "tracemill.config.json");
    await writeFile(config, JSON.stringify({ cacheDir: join(dir, "cache") }));
    const args = (...extra: string[]) => [
      "--json",
      "--config",
      config,
      "--runs-dir",
      join(dir, "runs"),
      "insights",
      "run",
      "--input",
      join(examples, "bad.jsonl"),
      "--with-facets",
      "--yes",
      ...extra,
    ];
    // bad.jsonl: 13 lines, most of them broken (JSON, shape, schema, duplicate ids).
    await expect(program().parseAsync(args(), { from: "user" })).rejects.toMatchObject({
      code: "input_invalid",
      message: expect.stringMatching(/of 1\d lines are invalid; .*--allow-invalid/),
    });
    await program().parseAsync(args("--allow-invalid"), { from: "user" });
    const report = JSON.parse(output.stdout()) as { status: string; facets: number };
    expect(report.status).toBe("completed");
    expect(report.facets).toBeGreaterThan(0);
  }, 300_000);

  it("refuses a bad flag value and a run with no stage", async () => {
    await expect(
      program().parseAsync(
        [
          "insights",
          "run",
          "--input",
          join(examples, "conversations.jsonl"),
          "--with-facets",
          "--k",
          "0",
        ],
        { from: "user" },
      ),
    ).rejects.toMatchObject({ code: "input_invalid" });
    const config = join(dir, "tracemill.config.json");
    await writeFile(config, JSON.stringify({ cacheDir: join(dir, "cache") }));
    await expect(
      program().parseAsync(
        [
          "--config",
          config,
          "--runs-dir",
          join(dir, "runs"),
          "insights",
          "run",
          "--input",
          join(examples, "conversations.jsonl"),
        ],
        { from: "user" },
      ),
    ).rejects.toThrow(/no stage selected/);
  });

  it("doctor checks the embedder, the offline model, disk space and the input", async () => {
    await program().parseAsync(
      [
        "--json",
        "--runs-dir",
        dir,
        "insights",
        "doctor",
        "--input",
        join(examples, "conversations.jsonl"),
      ],
      { from: "user" },
    );
    const report = JSON.parse(output.stdout()) as {
      ok: boolean;
      checks: { id: string; status: string; detail: string }[];
    };
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => check.id)).toEqual([
      "insights-embedder",
      "model-endpoint",
      "insights-disk",
      "insights-input",
    ]);
    expect(report.checks[0]?.detail).toMatch(/offline:use-512: 512-d vector/);
    expect(report.checks[1]?.detail).toMatch(/no language model/);
  }, 300_000);
});
