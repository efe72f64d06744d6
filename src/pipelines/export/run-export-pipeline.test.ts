import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/config.js";
import { defaultExportOptions } from "../../export/index.js";
import { createRedactor } from "../../model/redact.js";
import { countsProblem } from "../types.js";
import { runExportPipeline } from "./index.js";

const seed = fileURLToPath(new URL("../../../examples/export", import.meta.url));

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});

describe("runExportPipeline (the export pipeline, one shape)", () => {
  it("sums the exporters' counts with their reasons and lists the files it wrote", async () => {
    const out = await mkdtemp(join(tmpdir(), "tracemill-export-pipeline-"));
    temporary.push(out);
    const config = defaultConfig();
    const phases = new Set<string>();
    const report = await runExportPipeline(
      {
        exporters: ["sft", "rag"],
        from: seed,
        out,
        format: "native",
        dryRun: false,
        evalSets: [],
        options: { ...defaultExportOptions, includePartial: true },
      },
      {
        config,
        redactor: createRedactor(config.redaction),
        onProgress: (phase) => phases.add(phase),
      },
    );
    const [sft, rag] = report.detail.exporters;
    expect(report.kind).toBe("export");
    expect(report.status).toBe("completed");
    expect(report.counts.in).toBe((sft?.counts.in ?? 0) + (rag?.counts.in ?? 0));
    expect(report.counts.quarantined).toBe(
      (sft?.counts.quarantined ?? 0) + (rag?.counts.quarantined ?? 0),
    );
    expect(report.counts.quarantined).toBeGreaterThan(0);
    // A quarantined record names every reason it failed, so the reasons may count it twice.
    expect(
      Object.values(report.counts.quarantinedByReason).reduce((a, b) => a + b, 0),
    ).toBeGreaterThanOrEqual(report.counts.quarantined);
    expect(countsProblem(report.counts)).toBeUndefined();
    expect(report.outputs).toContain(join(out, "sft", "receipt.json"));
    for (const output of report.outputs) expect((await stat(output)).isFile()).toBe(true);
    expect([...phases]).toEqual(["export"]);
  });
});
