import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createAnswerCache } from "./answer-cache.js";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("answer cache", () => {
  it("builds an answer once while its files stay the same, again after one changes", async () => {
    dir = await mkdtemp(join(tmpdir(), "tracemill-answer-cache-"));
    const file = join(dir, "trace.json");
    await writeFile(file, "[1]");
    const cache = createAnswerCache();
    let builds = 0;
    const build = async () => ({ build: ++builds });
    const first = await cache.get("k", [file, join(dir, "absent.json")], build);
    const second = await cache.get("k", [file, join(dir, "absent.json")], build);
    expect(second).toBe(first);
    expect(builds).toBe(1);
    await writeFile(file, "[1, 2]");
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    const third = await cache.get("k", [file, join(dir, "absent.json")], build);
    expect(third).toEqual({ build: 2 });
    // A file appearing counts as a change too.
    await writeFile(join(dir, "absent.json"), "{}");
    expect(await cache.get("k", [file, join(dir, "absent.json")], build)).toEqual({ build: 3 });
  });

  it("forgets a failed build and keeps at most `limit` answers", async () => {
    dir = await mkdtemp(join(tmpdir(), "tracemill-answer-cache-"));
    const cache = createAnswerCache(2);
    await expect(
      cache.get("bad", [], async () => {
        throw new Error("unreadable");
      }),
    ).rejects.toThrow("unreadable");
    expect(await cache.get("bad", [], async () => "fine")).toBe("fine");
    let builds = 0;
    const build = async () => ++builds;
    await cache.get("a", [], build);
    await cache.get("b", [], build);
    await cache.get("c", [], build);
    expect(await cache.get("a", [], build)).toBe(4);
  });
});
