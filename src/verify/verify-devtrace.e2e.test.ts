import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { create } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTraceRequestSchema,
  devtraceEventSchema,
  ingestChunkSchema,
} from "../sources/devtrace/events.js";
import { frameworkFromEvents } from "./frameworks/from-events.js";
import { verifyDevtrace } from "./verify-devtrace.js";

const examples = new URL("../../examples/devtrace/", import.meta.url);
const noDocker = { dockerAvailable: async () => false };

async function tarGz(dir: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const stream = create({ gzip: true, cwd: dir, portable: true }, ["."]);
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readScenario(name: string) {
  const dir = new URL(`${name}/`, examples);
  const task = createTraceRequestSchema.parse(
    JSON.parse(await readFile(new URL("task.json", dir), "utf8")),
  );
  const snapshot = await tarGz(new URL("workspace/", dir).pathname);
  return { task, snapshot, dir };
}

describe("verifyDevtrace on the example scenarios (real bubblewrap + pytest)", () => {
  it.each([
    ["one-line-fix", true, 3],
    ["multi-file-fix", true, 4],
    ["failed-attempt", false, 1],
    ["sample-calculator", true, 5],
  ] as const)("%s -> tests_passed %s", async (name, passes, passedCount) => {
    const { task, snapshot } = await readScenario(name);
    const result = await verifyDevtrace(
      {
        traceId: `example-${name}`,
        snapshot,
        ...(task.known_failing_tests === undefined
          ? {}
          : { knownFailingTests: task.known_failing_tests }),
      },
      noDocker,
    );
    expect(result.sandbox, result.log).toBe("bubblewrap");
    expect(result.framework).toBe("pytest");
    expect(result.tests_passed, result.log).toBe(passes);
    expect(result.num_passed).toBe(passedCount);
    expect(result.timed_out).toBe(false);
    expect(result.fail_to_pass?.[passes ? "passed" : "failed"]).toEqual(task.known_failing_tests);
    expect(result.log).toContain("[verify] sandbox bubblewrap; python");
    if (!passes) {
      expect(result.failing_tests).toEqual(["test_slugs.py::test_slugify_accents"]);
      expect(result.exit_code).toBe(1);
    }
  });

  it("every example chunk and task validates against the devtrace wire schemas", async () => {
    for (const name of ["one-line-fix", "multi-file-fix", "failed-attempt"]) {
      const chunksDir = new URL(`${name}/chunks/`, examples);
      const files = (await readdir(chunksDir)).sort();
      expect(files.length).toBeGreaterThanOrEqual(2);
      const seqs: number[] = [];
      const events = [];
      for (const [index, file] of files.entries()) {
        const chunk = ingestChunkSchema.parse(
          JSON.parse(await readFile(new URL(file, chunksDir), "utf8")),
        );
        expect(chunk.chunk_seq).toBe(index);
        for (const raw of chunk.events) {
          const event = devtraceEventSchema.parse(raw);
          seqs.push(event.seq);
          events.push(event);
        }
        for (const artifact of Object.values(chunk.artifacts ?? {})) {
          expect(events.some((event) => event.id === artifact.event_id)).toBe(true);
        }
      }
      expect(seqs).toEqual(seqs.map((_, index) => index));
      expect(new Set(events.map((event) => event.type)).size).toBeGreaterThanOrEqual(4);
      expect(frameworkFromEvents(events)).toBe("pytest");
    }
  });
});

describe("verifyDevtrace without a usable workspace or sandbox", () => {
  let parent: string;
  beforeAll(async () => {
    parent = await mkdtemp(path.join(os.tmpdir(), "tracemill-verify-test-"));
  });
  afterAll(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  it("returns tests_passed null with a reason when there is nothing to restore", async () => {
    const result = await verifyDevtrace({ traceId: "t-empty" }, noDocker);
    expect(result).toMatchObject({ tests_passed: null, sandbox: "none" });
    expect(result.reason).toBe("no workspace: the trace has neither a snapshot nor a repo_origin");
  });

  it("returns null with the refusal when the snapshot is hostile", async () => {
    const result = await verifyDevtrace(
      { traceId: "t-bad", snapshot: new TextEncoder().encode("not a tarball at all") },
      noDocker,
    );
    expect(result.tests_passed).toBeNull();
    expect(result.reason).toMatch(/^snapshot refused: trace t-bad snapshot/);
  });

  it("never runs unsandboxed: no docker engine and no bubblewrap gives null", async () => {
    const { snapshot } = await readScenario("one-line-fix");
    const result = await verifyDevtrace(
      { traceId: "t-nosandbox", snapshot },
      { ...noDocker, bubblewrapProblem: async () => "bubblewrap is missing" },
    );
    expect(result.tests_passed).toBeNull();
    expect(result.reason).toBe(
      "no sandbox available (no Docker engine; bubblewrap is missing); tests were not run",
    );
    const docker = await verifyDevtrace(
      { traceId: "t-docker", snapshot, runner: "docker" },
      noDocker,
    );
    expect(docker.reason).toBe("runner docker requested but no Docker engine answers");
  });

  it("clones repo_origin at start_commit, applies the final patch and runs the tests", async () => {
    const repo = path.join(parent, "repo");
    const { dir } = await readScenario("sample-calculator");
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", repo, ...args], {
        encoding: "utf8",
        env: {
          PATH: "/usr/bin:/bin",
          GIT_AUTHOR_NAME: "t",
          GIT_AUTHOR_EMAIL: "t@example.com",
          GIT_COMMITTER_NAME: "t",
          GIT_COMMITTER_EMAIL: "t@example.com",
        },
      });
    execFileSync("git", ["init", "--quiet", repo]);
    const fixed = await readFile(new URL("workspace/calculator.py", dir), "utf8");
    const buggy = fixed.replace(
      "    # Fixed: Now correctly multiplies\n    return a * b",
      "    # BUG: Should multiply, not add\n    return a + b",
    );
    await writeFile(path.join(repo, "calculator.py"), buggy);
    await writeFile(
      path.join(repo, "test_calculator.py"),
      await readFile(new URL("workspace/test_calculator.py", dir), "utf8"),
    );
    git("add", ".");
    git("commit", "--quiet", "-m", "start");
    const startCommit = git("rev-parse", "HEAD").trim();
    await writeFile(path.join(repo, "calculator.py"), fixed);
    const finalPatch = git("diff");
    git("checkout", "--quiet", "--", "calculator.py");

    const unpatched = await verifyDevtrace(
      { traceId: "t-git-0", repoOrigin: repo, startCommit, knownFailingTests: ["test_multiply"] },
      noDocker,
    );
    expect(unpatched.tests_passed).toBe(false);
    expect(unpatched.fail_to_pass).toEqual({ passed: [], failed: ["test_multiply"] });

    const patched = await verifyDevtrace(
      {
        traceId: "t-git-1",
        repoOrigin: repo,
        startCommit,
        finalPatch,
        knownFailingTests: ["test_multiply"],
      },
      noDocker,
    );
    expect(patched.tests_passed, patched.log).toBe(true);
    expect(patched.log).toContain(`cloned ${repo} at ${startCommit} and applied the final patch`);

    const unreachable = await verifyDevtrace(
      { traceId: "t-git-2", repoOrigin: path.join(parent, "no-such-repo"), startCommit },
      noDocker,
    );
    expect(unreachable.tests_passed).toBeNull();
    expect(unreachable.reason).toMatch(/^trace t-git-2: git clone failed: /);
  });

  it("does not read a report the tests replaced by a symlink (the host would follow it)", async () => {
    const workspace = await mkdtemp(path.join(parent, "ws-"));
    await writeFile(path.join(workspace, "test_ok.py"), "def test_ok():\n    assert True\n");
    await writeFile(
      path.join(workspace, "conftest.py"),
      [
        "import os",
        "def pytest_unconfigure(config):",
        "    os.replace('/tracemill-output/junit.xml', '/tracemill-output/old.xml')",
        "    os.symlink('/etc/hostname', '/tracemill-output/junit.xml')",
        "",
      ].join("\n"),
    );
    const result = await verifyDevtrace(
      { traceId: "t-symlink", snapshot: await tarGz(workspace) },
      noDocker,
    );
    expect(result.tests_passed).toBe(false);
    expect(result.reason).toContain("junit.xml is a symlink; refused");
  });

  it("kills a hanging test suite at the wall limit and reports it", async () => {
    const workspace = await mkdtemp(path.join(parent, "ws-"));
    await writeFile(
      path.join(workspace, "test_hang.py"),
      "import time\n\ndef test_hang():\n    while True:\n        time.sleep(0.1)\n",
    );
    const result = await verifyDevtrace(
      { traceId: "t-hang", snapshot: await tarGz(workspace), limits: { wallSeconds: 4 } },
      noDocker,
    );
    expect(result).toMatchObject({ tests_passed: false, timed_out: true, sandbox: "bubblewrap" });
    expect(result.reason).toContain("killed at the wall-time limit of 4 s");
  });

  it("rejects an invalid request naming the field", async () => {
    await expect(
      verifyDevtrace({ traceId: "t", limits: { wallSeconds: -1 } }, noDocker),
    ).rejects.toThrow(/verify limits: wallSeconds/);
    await expect(
      verifyDevtrace(
        { traceId: "", framework: "pytest" } as unknown as Parameters<typeof verifyDevtrace>[0],
        noDocker,
      ),
    ).rejects.toThrow(/^verify request: traceId/);
  });
});
