import { findNodeRunner } from "../node-runner.js";
import { sandboxOutputPath } from "../sandbox.js";
import { parseJestJson } from "./jest-json.js";
import { baseEnv, type FrameworkAdapter } from "./types.js";

const reportFile = "vitest.json";

export function createVitestAdapter(): FrameworkAdapter {
  return {
    framework: "vitest",
    async plan(workspaceDir, target) {
      const runner = await findNodeRunner(
        workspaceDir,
        "node_modules/vitest/vitest.mjs",
        "vitest",
        target,
      );
      return {
        argv: [
          runner.node,
          runner.entry,
          "run",
          "--reporter=json",
          `--outputFile=${sandboxOutputPath}/${reportFile}`,
        ],
        env: baseEnv(),
        readOnlyPaths: runner.readOnlyPaths,
        reportFile,
        toolchain: `${runner.description}, vitest from the snapshot`,
      };
    },
    parseReport: (text) => parseJestJson(text, reportFile),
  };
}

export function createJestAdapter(): FrameworkAdapter {
  const jestReport = "jest.json";
  return {
    framework: "jest",
    async plan(workspaceDir, target) {
      const runner = await findNodeRunner(
        workspaceDir,
        "node_modules/jest/bin/jest.js",
        "jest",
        target,
      );
      return {
        argv: [
          runner.node,
          runner.entry,
          "--ci",
          "--no-watchman",
          "--json",
          `--outputFile=${sandboxOutputPath}/${jestReport}`,
        ],
        env: baseEnv(),
        readOnlyPaths: runner.readOnlyPaths,
        reportFile: jestReport,
        toolchain: `${runner.description}, jest from the snapshot`,
      };
    },
    parseReport: (text) => parseJestJson(text, jestReport),
  };
}
