import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWorkspace, rejectionOf, type Workspace } from "./__fixtures__/run-test-support.js";
import { diffConfig, findDrift } from "./find-drift.js";
import { openRun } from "./open-run.js";

const hashA = "a".repeat(64);
const hashB = "b".repeat(64);

describe("findDrift", () => {
  const subject = {
    inputs: [{ path: "x.jsonl", sha256: hashA, bytes: 1 }],
    configFingerprint: hashA,
    config: { a: 1 },
  };

  it("finds nothing when inputs and config fingerprint match", () => {
    expect(findDrift(subject, structuredClone(subject))).toEqual([]);
  });

  it("names changed, added and removed inputs with short hashes", () => {
    const current = {
      ...subject,
      inputs: [
        { path: "x.jsonl", sha256: hashB, bytes: 1 },
        { path: "y.jsonl", sha256: hashA, bytes: 1 },
      ],
    };
    expect(findDrift(subject, current)).toEqual([
      "input x.jsonl changed (sha256 aaaaaaaa → bbbbbbbb)",
      "input y.jsonl was added",
    ]);
    expect(findDrift(current, subject)).toEqual([
      "input x.jsonl changed (sha256 bbbbbbbb → aaaaaaaa)",
      "input y.jsonl was removed",
    ]);
  });

  it("diffs configs into dotted paths and hides secret values", () => {
    expect(
      diffConfig(
        { model: { seed: 1, images: { detail: "low" } }, list: [1, 2] },
        { model: { seed: 2, images: { detail: "low" } }, list: [1, 3], extra: true },
      ).map((change) => change.path),
    ).toEqual(["extra", "list", "model.seed"]);
    const problems = findDrift(
      { ...subject, config: { model: { apiKey: "[REDACTED:secret]", temperature: 0 } } },
      {
        ...subject,
        configFingerprint: hashB,
        config: { model: { apiKey: "[REDACTED:secret]", temperature: 0.7 }, token: "abc" },
      },
    );
    expect(problems).toEqual([
      "config changed: model.temperature (0 → 0.7), token (secret, value not shown)",
    ]);
    expect(findDrift(subject, { ...subject, configFingerprint: hashB })).toEqual([
      "config changed in a redacted (secret) value",
    ]);
  });
});

describe("resume refuses drift", () => {
  let workspace: Workspace;
  const config = { model: { temperature: 0, apiKey: "sk-original-key" }, runsDir: "runs" };
  beforeEach(async () => {
    workspace = await createWorkspace(["one\n", "two\n"]);
  });
  afterEach(() => workspace.cleanup());

  async function finishedRun() {
    const run = await openRun({
      runsDir: workspace.runsDir,
      command: "analyze",
      inputs: workspace.inputs,
      config,
      toolVersion: "1",
      logLevel: "silent",
    });
    await run.finish("completed");
    return run;
  }
  const resume = (overrides: { inputs?: string[]; config?: unknown }) =>
    openRun({
      runsDir: workspace.runsDir,
      command: "analyze",
      inputs: overrides.inputs ?? workspace.inputs,
      config: overrides.config ?? config,
      toolVersion: "1",
      resume: "latest",
      logLevel: "silent",
    });

  it("when an input's bytes changed, naming the file, and leaves no lock behind", async () => {
    const run = await finishedRun();
    await writeFile(workspace.inputs[1] as string, "two, edited\n");
    const error = await rejectionOf(resume({}));
    expect(error).toMatchObject({ code: "drift" });
    expect(error.message).toContain(`input ${workspace.inputs[1]} changed (sha256 `);
    expect(error.message).not.toContain(String(workspace.inputs[0]));
    expect(existsSync(join(run.dir, ".lock"))).toBe(false);
    await writeFile(workspace.inputs[1] as string, "two\n");
    const resumed = await resume({});
    await resumed.finish("completed");
  });

  it("when a config value changed, naming the key but never a secret", async () => {
    await finishedRun();
    await expect(
      resume({ config: { ...config, model: { ...config.model, temperature: 0.5 } } }),
    ).rejects.toThrow(/config changed: model\.temperature \(0 → 0\.5\)/);
    const secret = await rejectionOf(
      resume({ config: { ...config, model: { ...config.model, apiKey: "sk-rotated-key" } } }),
    );
    expect(secret).toMatchObject({ code: "drift" });
    expect(secret.message).not.toContain("sk-rotated-key");
    expect(secret.message).not.toContain("sk-original-key");
  });

  it("when an input was added or removed", async () => {
    await finishedRun();
    const extra = join(workspace.root, "three.txt");
    await writeFile(extra, "three\n");
    await expect(resume({ inputs: [...workspace.inputs, extra] })).rejects.toThrow(
      /input .*three\.txt was added/,
    );
    await expect(resume({ inputs: workspace.inputs.slice(0, 1) })).rejects.toThrow(
      /input .*input-1\.txt was removed/,
    );
  });
});
