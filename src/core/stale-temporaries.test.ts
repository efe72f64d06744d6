import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { processIsAlive, removeStaleTemporaries } from "./stale-temporaries.js";

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});

/** A process that wrote its temporary and was killed before it could rename it. */
async function killedWriter(folder: string, name: string): Promise<number> {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `require("node:fs").writeFileSync(require("node:path").join(${JSON.stringify(folder)}, ${JSON.stringify(name)} + ".tmp-" + process.pid), "half"); setInterval(() => {}, 1000);`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const pid = child.pid ?? 0;
  // Wait for the file, then kill the writer the hard way.
  for (;;) {
    if ((await readdir(folder)).includes(`${name}.tmp-${pid}`)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill("SIGKILL");
  await once(child, "exit");
  return pid;
}

describe("removeStaleTemporaries", () => {
  it("removes the temporaries of a killed process and keeps those of live ones", async () => {
    const root = await mkdtemp(join(tmpdir(), "tracemill-stale-"));
    temporary.push(root);
    await mkdir(join(root, "images"));
    const dead = await killedWriter(root, "rows.jsonl");
    expect(processIsAlive(dead)).toBe(false);
    await writeFile(join(root, "images", `abc.jpg.tmp-${dead}`), "x");
    await mkdir(join(root, `checkpoint.tmp-${dead}`));
    await writeFile(join(root, `episode.json.tmp-${dead}-k2x9q0ab`), "x");
    await writeFile(join(root, `live.jsonl.tmp-${process.pid}`), "mine");
    await writeFile(join(root, "rows.jsonl"), "done");
    await writeFile(join(root, "notes.tmp-draft"), "not ours");
    const removed = await removeStaleTemporaries(root);
    expect(removed.map((path) => path.slice(root.length + 1)).sort()).toEqual(
      [
        `checkpoint.tmp-${dead}`,
        `episode.json.tmp-${dead}-k2x9q0ab`,
        join("images", `abc.jpg.tmp-${dead}`),
        `rows.jsonl.tmp-${dead}`,
      ].sort(),
    );
    expect((await readdir(root)).sort()).toEqual(
      ["images", `live.jsonl.tmp-${process.pid}`, "notes.tmp-draft", "rows.jsonl"].sort(),
    );
  });

  it("treats a missing folder as empty and respects an injected liveness check", async () => {
    expect(await removeStaleTemporaries(join(tmpdir(), "tracemill-no-such-folder"))).toEqual([]);
    const root = await mkdtemp(join(tmpdir(), "tracemill-stale-"));
    temporary.push(root);
    await writeFile(join(root, "a.tmp-12345"), "x");
    expect(await removeStaleTemporaries(root, { isAlive: () => true })).toEqual([]);
    expect(await removeStaleTemporaries(root, { isAlive: () => false })).toHaveLength(1);
  });
});
