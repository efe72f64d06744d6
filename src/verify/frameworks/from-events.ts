import type { TestFramework } from "../types.js";

/**
 * The framework a trace's test_run events name (`pytest`, `vitest`, `jest`, `go`/`go test`),
 * the last one winning; undefined when none names a supported framework.
 */
export function frameworkFromEvents(
  events: readonly { type: string; framework?: string }[],
): TestFramework | undefined {
  let found: TestFramework | undefined;
  for (const event of events) {
    if (event.type !== "test_run" || event.framework === undefined) continue;
    const name = event.framework.trim().toLowerCase();
    if (name === "pytest" || name === "py.test") found = "pytest";
    else if (name === "vitest") found = "vitest";
    else if (name === "jest") found = "jest";
    else if (name === "go" || name === "go test" || name === "gotest") found = "go";
  }
  return found;
}
