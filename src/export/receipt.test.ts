import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../core/hash.js";
import {
  capErrors,
  digestFiles,
  type ExportReceipt,
  gitCommitOf,
  serializeReceipt,
  writeReceipt,
} from "./receipt.js";
import { defaultExportOptions } from "./types.js";
import { renderLatestSummary } from "./writers/latest-summary.js";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "tracemill-receipt-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function receipt(overrides: Partial<ExportReceipt> = {}): ExportReceipt {
  return {
    tool: "tracemill",
    toolVersion: "0.1.0",
    exporter: "sft",
    format: "native",
    source: "tracemill-tree",
    inputs: [],
    outputs: [],
    gitCommit: null,
    counts: {
      in: 3,
      out: 1,
      written: 1,
      quarantined: 2,
      skipped: 0,
      byReason: { unsafe_sft_category: 1, near_duplicate: 1 },
      skippedByReason: {},
    },
    thresholds: defaultExportOptions.thresholds,
    options: defaultExportOptions,
    validation: { passed: true, errors: [] },
    ...overrides,
  };
}

describe("receipt", () => {
  it("hashes files with sorted relative paths, each once", async () => {
    await writeFile(join(folder, "b.jsonl"), "second\n");
    await writeFile(join(folder, "a.jsonl"), "first\n");
    const digests = await digestFiles(folder, [
      join(folder, "b.jsonl"),
      join(folder, "a.jsonl"),
      join(folder, "b.jsonl"),
    ]);
    expect(digests).toEqual([
      { path: "a.jsonl", sha256: sha256Hex("first\n"), bytes: 6 },
      { path: "b.jsonl", sha256: sha256Hex("second\n"), bytes: 7 },
    ]);
  });

  it("serializes with sorted keys, whatever order the fields were set in", () => {
    const { tool, ...rest } = receipt();
    const reordered = { ...rest, tool } as ExportReceipt;
    expect(serializeReceipt(reordered)).toBe(serializeReceipt(receipt()));
    expect(serializeReceipt(receipt())).not.toMatch(/20\d\d-\d\d-\d\dT/);
  });

  it("writes the same bytes twice and overwrites", async () => {
    await writeReceipt(folder, receipt({ validation: { passed: false, errors: ["x"] } }));
    await writeReceipt(folder, receipt());
    const first = await readFile(join(folder, "sft", "receipt.json"));
    await writeReceipt(folder, receipt());
    expect((await readFile(join(folder, "sft", "receipt.json"))).equals(first)).toBe(true);
    expect(JSON.parse(first.toString()).validation.passed).toBe(true);
  });

  it("caps validation errors but says how many were left out", () => {
    const errors = Array.from({ length: 105 }, (_, index) => `error ${index}`);
    const capped = capErrors(errors);
    expect(capped).toHaveLength(101);
    expect(capped.at(-1)).toBe("… and 5 more");
  });

  it("records the git commit of a repository and null elsewhere", async () => {
    expect(await gitCommitOf(folder)).toBeNull();
    const git = (...args: string[]): string =>
      execFileSync(
        "git",
        ["-C", folder, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args],
        {
          encoding: "utf8",
        },
      );
    git("init", "--quiet");
    await writeFile(join(folder, "data.jsonl"), "{}\n");
    git("add", "data.jsonl");
    git("commit", "--quiet", "-m", "data");
    expect(await gitCommitOf(folder)).toBe(git("rev-parse", "HEAD").trim());
  });

  it("summarises the latest run of each exporter with counts per reason", () => {
    const markdown = renderLatestSummary([
      receipt(),
      receipt({ exporter: "rag", validation: { passed: false, errors: ["e"] } }),
    ]);
    expect(markdown).toContain("## sft");
    expect(markdown).toContain("| near_duplicate | 1 |\n| unsafe_sft_category | 1 |");
    expect(markdown).toContain("## rag");
    expect(markdown).toContain("validation: FAILED (1 errors)");
    expect(renderLatestSummary([receipt()])).toBe(renderLatestSummary([receipt()]));
  });

  it("counts image outputs instead of listing each", () => {
    const image = { path: `sft/images/${"b".repeat(64)}.jpg`, sha256: "b".repeat(64), bytes: 3 };
    const data = { path: "sft/sft.jsonl", sha256: "c".repeat(64), bytes: 9 };
    const markdown = renderLatestSummary([
      receipt({ outputs: [data, image, { ...image, path: `sft/images/${"d".repeat(64)}.jpg` }] }),
    ]);
    expect(markdown).toContain("- outputs: sft/sft.jsonl, 2 image file(s) in sft/images/");
  });
});
