import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * `npm ci` alone must leave a working CLI (issue 13): npm runs `prepare` after installing, and it
 * must build dist/ including the JSON Schemas `tracemill schema` prints (issue 20).
 */
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

describe("package scripts", () => {
  it("prepare runs the build, and the build writes the schema files after tsc", () => {
    expect(manifest.scripts.prepare).toBe("npm run build");
    const steps = (manifest.scripts.build ?? "").split("&&").map((step) => step.trim());
    expect(steps[0]).toBe("tsc -p tsconfig.build.json");
    expect(steps).toContain("node dist/build/schema-files.js");
    expect(manifest.bin.tracemill).toBe("dist/cli/bin.js");
  });

  it("typecheck covers the benchmarks, so a bench cannot rot unseen", () => {
    const steps = (manifest.scripts.typecheck ?? "").split("&&").map((step) => step.trim());
    expect(steps).toContain("tsc -p tsconfig.bench.json --noEmit");
  });
});
