import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
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
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
