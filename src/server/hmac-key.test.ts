import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensurePrivateDir } from "../core/files.js";
import { resolveHmacKey } from "./hmac-key.js";

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe("the server's data folder and HMAC key", () => {
  let parent: string;
  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), "tracemill-hmac-key-"));
  });
  afterAll(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  it("creates a fresh data folder 0700 and the generated key 0600, whatever the umask", async () => {
    const dataDir = join(parent, "fresh", "tracemill-data");
    const previous = process.umask(0o002);
    try {
      const resolved = await resolveHmacKey({ dataDir });
      expect(resolved.source).toBe("generated");
      expect(await modeOf(dataDir)).toBe(0o700);
      expect(await modeOf(join(dataDir, "hmac.key"))).toBe(0o600);
      expect((await readFile(join(dataDir, "hmac.key"), "utf8")).trim()).toBe(resolved.key);
      // A restart reads the same key back.
      expect(await resolveHmacKey({ dataDir })).toMatchObject({
        source: "file",
        key: resolved.key,
      });
    } finally {
      process.umask(previous);
    }
  });

  it("leaves the mode of a folder the user made alone", async () => {
    const mine = join(parent, "mine");
    await mkdir(mine, { mode: 0o750 });
    await ensurePrivateDir(mine);
    expect(await modeOf(mine)).toBe(0o750 & ~process.umask());
  });

  it("keeps tracemill-data/ out of git", async () => {
    const gitignore = await readFile(new URL("../../.gitignore", import.meta.url), "utf8");
    expect(gitignore.split("\n").map((line) => line.trim())).toContain("tracemill-data/");
  });
});
