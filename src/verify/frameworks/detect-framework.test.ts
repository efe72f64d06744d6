import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { detectFramework } from "./detect-framework.js";
import { frameworkFromEvents } from "./from-events.js";

const made: string[] = [];
afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function workspace(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tracemill-detect-"));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

describe("detectFramework", () => {
  it.each([
    [{ "pytest.ini": "[pytest]\n" }, "pytest"],
    [{ "pyproject.toml": "[tool.pytest.ini_options]\n" }, "pytest"],
    [{ "pkg/tests/test_core.py": "" }, "pytest"],
    [{ "package.json": '{"devDependencies": {"vitest": "^4"}}' }, "vitest"],
    [{ "package.json": '{"devDependencies": {"jest": "^29"}}' }, "jest"],
    [{ "go.mod": "module example.com/x\n" }, "go"],
    [{ "package.json": '{"dependencies": {"left-pad": "1"}}', "README.md": "" }, null],
  ] as const)("%o -> %s", async (files, expected) => {
    expect(await detectFramework(await workspace(files))).toBe(expected);
  });
});

describe("frameworkFromEvents", () => {
  it("takes the last test_run naming a supported framework", () => {
    expect(
      frameworkFromEvents([
        { type: "test_run", framework: "jest" },
        { type: "cmd_run" },
        { type: "test_run", framework: "go test" },
        { type: "test_run", framework: "mocha" },
      ]),
    ).toBe("go");
    expect(frameworkFromEvents([{ type: "cmd_run" }])).toBeUndefined();
  });
});
