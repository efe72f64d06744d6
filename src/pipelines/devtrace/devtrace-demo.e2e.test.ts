import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { sha256File } from "../../core/hash.js";
import { runExport } from "../../export/run-export.js";
import { defaultExportOptions } from "../../export/types.js";
import { runDevtraceDemo } from "./devtrace-demo.js";

const examples = fileURLToPath(new URL("../../../examples/devtrace/", import.meta.url));

describe("runDevtraceDemo", () => {
  it("submits each scenario to a loopback server and reports the verified, judged result", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tracemill-devtrace-demo-"));
    try {
      const examplesDir = join(dir, "examples");
      await cp(join(examples, "failed-attempt"), join(examplesDir, "failed-attempt"), {
        recursive: true,
      });
      await cp(join(examples, "sample-calculator"), join(examplesDir, "sample-calculator"), {
        recursive: true,
      });
      const lines: string[] = [];
      const results = await runDevtraceDemo({
        examplesDir,
        workDir: join(dir, "work"),
        hmacKey: "demo-key",
        exportTo: join(dir, "devtraces"),
        onProgress: (line) => lines.push(line),
      });
      expect(results.map((result) => result.name)).toEqual(["failed-attempt", "sample-calculator"]);
      expect(results[0]).toMatchObject({
        status: "validated",
        testsPassed: false,
        judge: "offline:devtrace-signals/v1",
      });
      // The shared sample's chunks (examples/devtrace/sample-calculator/chunks) with its workspace.
      expect(results[1]).toMatchObject({ status: "validated", testsPassed: true, numEvents: 10 });
      expect(lines[0]).toContain("devtrace failed-attempt: validated");

      // Exported as folders `tracemill export` reads: the failed fix is held back for review,
      // the verified one becomes an SFT row whose provenance names a chunk file by its sha256.
      const exported = await runExport({
        exporters: ["sft"],
        from: join(dir, "devtraces"),
        out: join(dir, "exports"),
        format: "native",
        dryRun: false,
        evalSets: [],
        options: defaultExportOptions,
        toolVersion: "test",
      });
      expect(exported.exporters[0]?.counts).toMatchObject({ in: 2, out: 1 });
      const quarantine = await readFile(join(dir, "exports", "quarantine", "sft.jsonl"), "utf8");
      expect(quarantine).toContain(results[0]?.traceId);
      expect(quarantine).toContain("needs_human_review");
      const [row] = (await readFile(join(dir, "exports", "sft", "sft.jsonl"), "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      const source = row.provenance.sourceFile as { path: string; sha256: string };
      const chunkFile = join(dir, "devtraces", results[1]?.traceId ?? "", source.path);
      expect((await sha256File(chunkFile)).sha256).toBe(source.sha256);
      expect(row.messages[0]).toMatchObject({ role: "user" });
      expect(JSON.stringify(row.messages)).toContain("```diff");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
