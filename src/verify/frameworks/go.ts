import { execFile } from "node:child_process";
import { realpath } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { z } from "zod";
import { TracemillError } from "../../core/errors.js";
import { sandboxOutputPath } from "../sandbox.js";
import type { TestCaseResult } from "../types.js";
import { baseEnv, type FrameworkAdapter, type ParsedReport } from "./types.js";

const execFileAsync = promisify(execFile);
const reportFile = "go-test.jsonl";

export function createGoAdapter(goCommand = "go"): FrameworkAdapter {
  return {
    framework: "go",
    async plan(_workspaceDir, target) {
      if (target === "container") {
        return {
          argv: goArgv("go"),
          env: {
            ...baseEnv(),
            GOCACHE: "/tmp/gocache",
            GOPATH: "/tmp/gopath",
            GOPROXY: "off",
            GOTOOLCHAIN: "local",
          },
          readOnlyPaths: [],
          reportFile,
          toolchain: "go of the image",
        };
      }
      let goroot: string;
      let modcache: string;
      try {
        const { stdout } = await execFileAsync(goCommand, ["env", "GOROOT", "GOMODCACHE"], {
          timeout: 30_000,
        });
        [goroot = "", modcache = ""] = stdout.trim().split("\n");
      } catch (error) {
        throw new TracemillError(
          "unavailable",
          `verify: go is not installed (${error instanceof Error ? error.message : String(error)}); install Go (Debian: apt-get install golang-go)`,
        );
      }
      const root = await realpath(goroot);
      const goBinary = path.join(root, "bin", "go");
      const readOnlyPaths = [root];
      const env: Record<string, string> = {
        ...baseEnv([path.join(root, "bin")]),
        GOROOT: root,
        GOPATH: "/tmp/gopath",
        GOCACHE: "/tmp/gocache",
        // No network inside: modules come from the snapshot (vendor/) or the host's cache.
        GOPROXY: "off",
        GOTOOLCHAIN: "local",
        GOFLAGS: "-mod=mod",
        CGO_ENABLED: "0",
      };
      if (modcache !== "") {
        try {
          const cache = await realpath(modcache);
          readOnlyPaths.push(cache);
          env.GOMODCACHE = cache;
        } catch {
          // No module cache on the host: only the standard library and vendored modules work.
        }
      }
      return {
        argv: goArgv(goBinary),
        env,
        readOnlyPaths,
        reportFile,
        toolchain: `go (${goBinary})`,
      };
    },
    parseReport: parseGoTestJson,
  };
}

/** `go test -json` writes its event stream to stdout: keep it as the report and in the log. */
function goArgv(goBinary: string): string[] {
  return [
    "/bin/sh",
    "-c",
    `"$0" test -json ./... > ${sandboxOutputPath}/${reportFile}; status=$?; cat ${sandboxOutputPath}/${reportFile}; exit $status`,
    goBinary,
  ];
}

const eventSchema = z.looseObject({
  Action: z.string(),
  Package: z.string().optional(),
  Test: z.string().optional(),
  Output: z.string().optional(),
});

/** Reads the `go test -json` event stream; names are `package/TestName[/subtest]`. */
export function parseGoTestJson(text: string): ParsedReport {
  const warnings: string[] = [];
  const tests = new Map<string, TestCaseResult["status"]>();
  const packages = new Map<string, { failed: boolean; hasTests: boolean }>();
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === "") return;
    let event: z.infer<typeof eventSchema>;
    try {
      event = eventSchema.parse(JSON.parse(trimmed));
    } catch {
      // `go test` prints build errors as plain text between events.
      if (warnings.length < 20) warnings.push(`${reportFile}:${index + 1}: not a test event`);
      return;
    }
    const pkg = event.Package ?? "";
    const state = packages.get(pkg) ?? { failed: false, hasTests: false };
    packages.set(pkg, state);
    if (event.Test !== undefined) {
      state.hasTests = true;
      const name = `${pkg}/${event.Test}`;
      if (event.Action === "pass") tests.set(name, "passed");
      else if (event.Action === "fail") tests.set(name, "failed");
      else if (event.Action === "skip") tests.set(name, "skipped");
      else if (!tests.has(name) && event.Action === "run") tests.set(name, "error");
      return;
    }
    if (event.Action === "fail") state.failed = true;
  });
  const cases: TestCaseResult[] = [...tests].map(([name, status]) => ({ name, status }));
  for (const [pkg, state] of packages) {
    // A package that failed without test events did not build.
    if (state.failed && !state.hasTests && pkg !== "") cases.push({ name: pkg, status: "error" });
  }
  return { cases, warnings };
}
