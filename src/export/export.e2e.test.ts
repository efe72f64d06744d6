import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../core/config.js";
import { sftRowSchema } from "../core/dataset-row.js";
import { runScreenDemo } from "../pipelines/screen/index.js";
import { runCli } from "../test-support/run-cli.js";

/** `tracemill export` as users run it: over `tracemill process` output and over the seed's layout. */
let work: string;
let processed: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "tracemill-export-"));
  const config = { ...defaultConfig(), runsDir: join(work, "runs"), cacheDir: join(work, "cache") };
  const screen = await runScreenDemo(work, config, () => {});
  expect(screen.failures).toEqual([]);
  processed = screen.outDir;
});

async function fingerprints(folder: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const walk = async (directory: string) => {
    for (const entry of (await readdir(directory, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) await walk(path);
      else
        result[relative(folder, path)] = createHash("sha256")
          .update(await readFile(path))
          .digest("hex");
    }
  };
  await walk(folder);
  return result;
}

describe("tracemill export", () => {
  it("exports all datasets from process output, and a rerun changes no byte", async () => {
    const out = join(work, "exports");
    const first = await runCli(
      ["--json", "export", "all", "--from", processed, "--out", out, "--include-partial"],
      { cwd: work },
    );
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary.exporters.map((exporter: { exporter: string }) => exporter.exporter)).toEqual([
      "sft",
      "rag",
      "preference",
    ]);
    for (const file of [
      "sft/sft.jsonl",
      "rag/rag.jsonl",
      "preference/preference.jsonl",
      "quarantine/sft.jsonl",
      "quarantine/rag.jsonl",
      "quarantine/preference.jsonl",
      "sft/receipt.json",
      "rag/receipt.json",
      "preference/receipt.json",
      "latest.md",
    ]) {
      await stat(join(out, file));
    }
    const rows = (await readFile(join(out, "sft/sft.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => sftRowSchema.parse(JSON.parse(line)));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.provenance.sourceFile.sha256).toMatch(/^[0-9a-f]{64}$/);
    const receipt = JSON.parse(await readFile(join(out, "sft/receipt.json"), "utf8"));
    expect(receipt).toMatchObject({
      exporter: "sft",
      validation: { passed: true },
      counts: { in: 2, out: 2 },
    });
    const before = await fingerprints(out);
    const second = await runCli(
      ["export", "all", "--from", processed, "--out", out, "--include-partial"],
      { cwd: work },
    );
    expect(second.code, second.stderr).toBe(0);
    expect(await fingerprints(out)).toEqual(before);
  });

  it("holds partially accepted sessions back from SFT without --include-partial, and says why in health", async () => {
    const out = join(work, "strict");
    const result = await runCli(
      ["export", "sft", "--from", processed, "--out", out, "--accept-score", "101"],
      { cwd: work },
    );
    expect(result.code, result.stderr).toBe(0);
    expect((await readFile(join(out, "sft/sft.jsonl"), "utf8")).trim()).toBe("");
    const health = await runCli(["--json", "export", "health", "--out", out], { cwd: work });
    const report = JSON.parse(health.stdout);
    expect(report.quarantined).toBe(2);
    expect(report.byReason).toEqual({ category_disallowed: 2 });
  });

  it("writes nothing on a dry run", async () => {
    const out = join(work, "dry");
    const result = await runCli(["export", "all", "--from", processed, "--out", out, "--dry-run"], {
      cwd: work,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/would write sft\/sft\.jsonl/);
    await expect(stat(out)).rejects.toThrow();
  });

  it("refuses a --from folder that does not exist instead of exporting nothing", async () => {
    const out = join(work, "missing-from");
    const result = await runCli(["export", "all", "--from", "no-such-folder", "--out", out], {
      cwd: work,
    });
    expect(result.code).toBe(66);
    expect(result.stderr).toMatch(/--from no-such-folder: no such folder/);
    await expect(stat(out)).rejects.toThrow();
    const health = await runCli(["export", "health", "--out", out], { cwd: work });
    expect(health.code).toBe(66);
    expect(health.stderr).toMatch(/--out .*missing-from: no such folder/);
  });

  it("writes OpenAI and Parquet formats that read back", async () => {
    const out = join(work, "formats");
    const openai = await runCli(
      [
        "export",
        "sft",
        "--from",
        processed,
        "--out",
        out,
        "--format",
        "openai",
        "--include-partial",
        "--inline-images",
      ],
      { cwd: work },
    );
    expect(openai.code, openai.stderr).toBe(0);
    const line = JSON.parse(
      (await readFile(join(out, "sft/sft.openai.jsonl"), "utf8")).split("\n")[0] as string,
    );
    expect(line.messages[0].role).toBeDefined();
    expect(JSON.stringify(line)).toMatch(/data:image\/jpeg;base64,/);
    const parquet = await runCli(
      ["export", "rag", "--from", processed, "--out", out, "--format", "parquet"],
      { cwd: work },
    );
    expect(parquet.code, parquet.stderr).toBe(0);
    const rows = await parquetReadObjects({
      file: await asyncBufferFromFile(join(out, "rag/rag.parquet")),
    });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveProperty("content");
  });

  it("exports the seed's evidence/scored-runs layout, quarantining what it cannot prove", async () => {
    const root = join(work, "seed");
    const write = async (path: string, lines: object[]) => {
      await mkdir(join(root, path, ".."), { recursive: true });
      await writeFile(
        join(root, path),
        `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`,
      );
    };
    const evidence = (runId: string, text: string) => ({
      run_id: runId,
      task_id: "fix-parser",
      text,
      model_role: "solver",
      model_name: "model-x",
      source_files: ["src/parser.py"],
    });
    await write("data/evidence/2025/05/01/e.jsonl", [
      evidence(
        "run-good",
        "Fixed the off-by-one in src/parser.py by checking the bounds before reading the next token.",
      ),
      evidence(
        "run-bad",
        "Rewrote everything in lib/imaginary.py and deleted the tests so they pass.",
      ),
      evidence("run-noprov", "Added logging around the tokenizer loop to find where it stops."),
    ]);
    const provenance = (sig: string) => ({
      source_file: "src/parser.py",
      line_offset: 3,
      sig_hash: sig,
    });
    await write("data/scored-runs/2025/05/01/s.jsonl", [
      { evidence_run_id: "run-good", category: "accepted", provenance: provenance("a".repeat(64)) },
      { evidence_run_id: "run-bad", category: "rejected", provenance: provenance("b".repeat(64)) },
      { evidence_run_id: "run-noprov", category: "accepted", provenance: provenance("not-a-hash") },
    ]);
    const out = join(work, "seed-exports");
    const result = await runCli(["--json", "export", "all", "--from", root, "--out", out], {
      cwd: work,
    });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.source).toBe("seed-layout");
    const sft = summary.exporters.find(
      (exporter: { exporter: string }) => exporter.exporter === "sft",
    );
    expect(sft.counts).toMatchObject({ in: 3, out: 1 });
    expect(sft.counts.byReason.missing_provenance).toBe(1);
    expect(sft.counts.byReason.unsafe_sft_category).toBe(1);
    const sftRows = await readFile(join(out, "sft/sft.jsonl"), "utf8");
    expect(sftRows).toMatch(/off-by-one/);
    expect(sftRows).not.toMatch(/imaginary/);
    const preference = await readFile(join(out, "preference/preference.jsonl"), "utf8");
    expect(preference.trim().split("\n")).toHaveLength(1);
  });
});
