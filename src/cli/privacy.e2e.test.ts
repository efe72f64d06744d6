import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDevtraceDemo } from "../pipelines/devtrace/devtrace-demo.js";
import {
  everyFile,
  findPlanted,
  type PlantedSecret,
  plantedSecrets,
} from "../test-support/planted-secrets.js";
import { writePlantedSessions } from "../test-support/planted-sessions.js";
import { type CliResult, runCli } from "../test-support/run-cli.js";

/**
 * Issue 17, the whole firewall end to end: the planted corpus goes into every input kind
 * (desktop keystrokes, window titles, meta.json quests, web messages, developer-trace commands,
 * diffs, outputs and task, conversations), every command runs offline through the built CLI,
 * and no raw value is found in any output file, log, run folder or terminal output.
 */
const examples = resolve(import.meta.dirname, "../../examples");
let work: string;
let secrets: PlantedSecret[];
const outputs: CliResult[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "tracemill-privacy-e2e-"));
  secrets = await plantedSecrets();
  await mkdir(join(work, "inputs"), { recursive: true });
  await writePlantedSessions(join(work, "inputs", "screen"), secrets);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<CliResult> {
  const result = await runCli(args, { cwd: work, timeoutMs: 240_000 });
  outputs.push(result);
  return result;
}

/** Every file the commands wrote (everything in the work folder but the planted inputs). */
async function writtenFiles(): Promise<string[]> {
  const inputs = join(work, "inputs");
  return (await everyFile(work)).filter((file) => !file.startsWith(inputs));
}

function leaksInTerminal(): string[] {
  const text = outputs.map((result) => `${result.stdout}\n${result.stderr}`).join("\n");
  return secrets.filter((secret) => text.includes(secret.secret)).map((secret) => secret.kind);
}

describe("the privacy firewall, end to end", () => {
  it("screen sessions → process (graded offline) → export all, quarantine and --pii redact → health", async () => {
    for (const format of ["desktop", "web"]) {
      const processed = await cli([
        "process",
        "-f",
        format,
        "-d",
        join(work, "inputs", "screen", format),
        "-o",
        join(work, "out"),
        "--grade",
        "--action-format",
        format === "desktop" ? "anthropic" : "openai",
      ]);
      expect(processed.code, processed.stderr).toBe(0);
    }
    const exported = await cli([
      "--json",
      "export",
      "all",
      "--from",
      "out",
      "--out",
      "exports",
      "--include-partial",
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    const summary = JSON.parse(exported.stdout) as {
      exporters: {
        counts: { in: number; written: number; quarantined: number; skipped: number };
      }[];
    };
    for (const { counts } of summary.exporters) {
      expect(counts.in).toBe(2);
      expect(counts.in).toBe(counts.written + counts.quarantined + counts.skipped);
    }
    const redacted = await cli([
      "export",
      "all",
      "--from",
      "out",
      "--out",
      "exports-redacted",
      "--pii",
      "redact",
    ]);
    expect(redacted.code, redacted.stderr).toBe(0);
    expect((await cli(["export", "health", "--out", "exports"])).code).toBe(0);
    const sessionMetrics = JSON.parse(await readFile(join(work, "out", "metrics.json"), "utf8"));
    expect(sessionMetrics.redactions.total).toBeGreaterThanOrEqual(secrets.length * 2);

    expect(await findPlanted(await writtenFiles(), secrets)).toEqual([]);
    expect(leaksInTerminal()).toEqual([]);
  }, 600_000);

  it("outputs written before the firewall (raw secrets in sft.json) are quarantined pii_detected at export", async () => {
    const old = join(work, "inputs", "old-out");
    await cp(join(work, "out"), old, { recursive: true });
    const sessionDir = join(old, "20260101_120000");
    const sft = [
      { role: "user", content: "Sign in and set the brightness", timestamp: 0 },
      ...secrets.map((secret, index) => ({
        role: "assistant",
        content: `\`\`\`python\ntype(${JSON.stringify(secret.value)})\n\`\`\``,
        timestamp: index + 1,
      })),
    ];
    await writeFile(join(sessionDir, "sft.json"), JSON.stringify(sft));
    const exported = await cli([
      "--json",
      "export",
      "sft",
      "--from",
      old,
      "--out",
      "exports-old",
      "--include-partial",
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    const summary = JSON.parse(exported.stdout) as {
      exporters: { counts: { byReason: Record<string, number> } }[];
    };
    expect(summary.exporters[0]?.counts.byReason.pii_detected).toBe(1);
    // The planted copy itself is an input here; only what export wrote is searched.
    const written = await everyFile(join(work, "exports-old"));
    expect(await findPlanted(written, secrets)).toEqual([]);
    expect(leaksInTerminal()).toEqual([]);
  }, 300_000);

  it("developer traces: commands, diffs, outputs and the task → server → devtrace export → export all", async () => {
    const scenario = join(work, "inputs", "devtrace", "planted-fix");
    await cp(join(examples, "devtrace", "one-line-fix"), scenario, { recursive: true });
    const values = secrets.map((secret) => secret.value);
    const task = JSON.parse(await readFile(join(scenario, "task.json"), "utf8"));
    task.task_description = `${task.task_description} Credentials: ${values.join(" ; ")}`;
    await writeFile(join(scenario, "task.json"), JSON.stringify(task));
    const chunkPath = join(scenario, "chunks", "chunk_02.json");
    const chunk = JSON.parse(await readFile(chunkPath, "utf8"));
    for (const event of chunk.events) {
      if (event.type === "rationale_note") event.structured.observation += ` ${values.join(" ")}`;
      if (event.type === "cmd_run") event.cmd += ` # ${values.join(" ")}`;
      if (event.type === "file_edit")
        event.diff_unified = event.diff_unified
          .replace("@@ -9,3 +9,3 @@", "@@ -9,3 +9,4 @@")
          .concat(`+    # ${values.join(" ")}\n`);
    }
    for (const artifact of Object.values(chunk.artifacts) as { content: string }[])
      artifact.content += `${values.join("\n")}\n`;
    await writeFile(chunkPath, JSON.stringify(chunk));

    const devtraces = join(work, "devtraces");
    const scenarios = await runDevtraceDemo({
      examplesDir: join(work, "inputs", "devtrace"),
      workDir: join(work, "devtrace-service"),
      hmacKey: "privacy-e2e-key",
      exportTo: devtraces,
    });
    expect(scenarios).toHaveLength(1);
    expect((await everyFile(devtraces)).some((file) => file.endsWith("trace.json"))).toBe(true);
    const exported = await cli([
      "export",
      "all",
      "--from",
      "devtraces",
      "--out",
      "exports-devtrace",
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(await findPlanted(await writtenFiles(), secrets)).toEqual([]);
    expect(leaksInTerminal()).toEqual([]);
  }, 600_000);

  it("conversations → insights facets (offline)", async () => {
    const source = await readFile(join(examples, "insights", "conversations.jsonl"), "utf8");
    const lines = source.trim().split("\n");
    const planted = lines.map((line, index) => {
      const conversation = JSON.parse(line);
      const secret = secrets[index % secrets.length] as PlantedSecret;
      conversation.messages[0].content += ` My login is ${secret.value}.`;
      return JSON.stringify(conversation);
    });
    await writeFile(join(work, "inputs", "conversations.jsonl"), `${planted.join("\n")}\n`);
    const result = await cli([
      "insights",
      "run",
      "--input",
      join(work, "inputs", "conversations.jsonl"),
      "--with-facets",
      "--yes",
    ]);
    expect(result.code, result.stderr).toBe(0);
    // The run folder's copy of the input is redacted too (only --keep-raw keeps it verbatim).
    const written = await writtenFiles();
    expect(written.some((file) => file.endsWith("conversations.jsonl"))).toBe(true);
    expect(await findPlanted(written, secrets)).toEqual([]);
    expect(leaksInTerminal()).toEqual([]);
  }, 600_000);
});
