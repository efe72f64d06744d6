import type { TestCaseResult, TestFramework } from "../types.js";

export type PlanTarget = "host" | "container";

/** What an adapter needs run inside the sandbox, and where its report will be. */
export interface FrameworkPlan {
  argv: string[];
  env: Record<string, string>;
  readOnlyPaths: string[];
  /** File name inside the sandbox output folder holding the machine-readable report. */
  reportFile: string;
  /** Described in the result log so a reader knows which toolchain ran. */
  toolchain: string;
}

export interface ParsedReport {
  cases: TestCaseResult[];
  warnings: string[];
}

/** One test framework: how to run it without network, and how to read its report. */
export interface FrameworkAdapter {
  readonly framework: TestFramework;
  /**
   * `host`: the host's toolchain, mounted read-only into bubblewrap; throws
   * TracemillError("unavailable") naming what to install when it is missing. `container`: the
   * image's toolchain, found on its PATH.
   */
  plan(workspaceDir: string, target: PlanTarget): Promise<FrameworkPlan>;
  parseReport(text: string): ParsedReport;
}

/** PATH and locale every sandboxed command gets; HOME is the private /tmp. */
export function baseEnv(extraPath: string[] = []): Record<string, string> {
  return {
    PATH: [...extraPath, "/usr/local/bin", "/usr/bin", "/bin"].join(":"),
    HOME: "/tmp",
    TMPDIR: "/tmp",
    LANG: "C.UTF-8",
    LC_ALL: "C.UTF-8",
    CI: "1",
  };
}
