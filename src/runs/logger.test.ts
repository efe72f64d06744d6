import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createFakeRedactor,
  createWorkspace,
  type Workspace,
} from "./__fixtures__/run-test-support.js";
import { createRunLogger } from "./logger.js";
import { openRun } from "./open-run.js";

const secret = "sk-test-SECRET0123456789";

function collector() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      callback();
    },
  });
  return { lines, stream };
}

describe("createRunLogger", () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await createWorkspace();
  });
  afterEach(() => workspace.cleanup());

  it("never writes a secret to log.jsonl or the console, wherever it appears", async () => {
    const file = join(workspace.root, "log.jsonl");
    const console = collector();
    const logger = createRunLogger({
      file,
      level: "debug",
      redactor: createFakeRedactor([secret]),
      console: { stream: console.stream, level: "info" },
    });
    logger.info(`calling with key ${secret}`);
    logger.warn({ request: { headers: [`Bearer ${secret}`] } }, "request failed");
    logger.error(new Error(`provider rejected ${secret}`));
    logger.child({ apiKeyHint: secret }).debug("child %s", secret);
    logger.error({ err: new Error("socket closed") }, "upload failed");
    logger.trace("below the level");

    const text = await readFile(file, "utf8");
    expect(text).not.toContain(secret);
    const records = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(records.map((record) => record.msg)).toEqual([
      "calling with key [REDACTED:fake]",
      "request failed",
      "provider rejected [REDACTED:fake]",
      "child [REDACTED:fake]",
      "upload failed",
    ]);
    expect(records[1].request.headers).toEqual(["Bearer [REDACTED:fake]"]);
    expect(records[2].err.stack).toContain("[REDACTED:fake]");
    expect(records[3].apiKeyHint).toBe("[REDACTED:fake]");
    expect(console.lines).toEqual([
      "info calling with key [REDACTED:fake]",
      "warn request failed",
      "error provider rejected [REDACTED:fake]",
      "error upload failed: socket closed",
    ]);
  });

  it("refuses an unknown level", () => {
    expect(() => createRunLogger({ file: join(workspace.root, "x.jsonl"), level: "loud" })).toThrow(
      /unknown log level/,
    );
  });

  it("keeps secrets in a run's warnings out of its log, warnings and events", async () => {
    const run = await openRun({
      runsDir: workspace.runsDir,
      command: "grade",
      inputs: workspace.inputs,
      config: {},
      toolVersion: "1",
      redactor: createFakeRedactor([secret]),
    });
    run.logger.info({ key: secret }, "starting");
    await run.warn({ stage: "grade", code: "bad_item", message: `item mentions ${secret}` });
    await run.finish("completed");
    for (const name of ["log.jsonl", "warnings.json", "events.jsonl"]) {
      const text = await readFile(join(run.dir, name), "utf8");
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toContain(secret);
    }
    expect(await readFile(join(run.dir, "log.jsonl"), "utf8")).toContain(
      "item mentions [REDACTED:fake]",
    );
  });
});
