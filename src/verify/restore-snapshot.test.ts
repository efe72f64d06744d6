import { existsSync } from "node:fs";
import { mkdtemp, readFile, readlink, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TracemillError } from "../core/errors.js";
import { entryProblem, restoreSnapshot } from "./restore-snapshot.js";

interface RawEntry {
  name: string;
  type?: "0" | "1" | "2" | "3" | "5" | "6";
  body?: string;
  link?: string;
}

/** Hand-made ustar archives: a tar library would refuse to write the hostile entries. */
function rawTar(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? "");
    const header = Buffer.alloc(512);
    header.write(entry.name, 0, 100, "utf8");
    header.write("0000644\0", 100);
    header.write("0000000\0", 108);
    header.write("0000000\0", 116);
    header.write(`${body.length.toString(8).padStart(11, "0")}\0`, 124);
    header.write("00000000000\0", 136);
    header.write("        ", 148);
    header.write(entry.type ?? "0", 156);
    header.write(entry.link ?? "", 157, 100, "utf8");
    header.write("ustar\0", 257);
    header.write("00", 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

let parent: string;
const restored: string[] = [];
beforeAll(async () => {
  parent = await mkdtemp(path.join(os.tmpdir(), "tracemill-restore-test-"));
});
afterAll(async () => {
  for (const dir of restored) await rm(dir, { recursive: true, force: true });
  await rm(parent, { recursive: true, force: true });
});

async function restore(archive: Buffer, limits = {}): Promise<string> {
  const dir = await restoreSnapshot(archive, { label: "snap.tar.gz", parentDir: parent, limits });
  restored.push(dir);
  return dir;
}

async function refusal(archive: Buffer, limits = {}): Promise<string> {
  try {
    await restore(archive, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(TracemillError);
    return (error as TracemillError).message;
  }
  throw new Error("the snapshot was accepted");
}

describe("restoreSnapshot", () => {
  it("extracts files, folders and symlinks that stay inside", async () => {
    const dir = await restore(
      rawTar([
        { name: "src/", type: "5" },
        { name: "src/app.py", body: "print('hi')\n" },
        { name: "link-to-app", type: "2", link: "src/app.py" },
        { name: "src/hard", type: "1", link: "src/app.py" },
      ]),
    );
    expect(await readFile(path.join(dir, "src/app.py"), "utf8")).toBe("print('hi')\n");
    expect(await readlink(path.join(dir, "link-to-app"))).toBe("src/app.py");
    expect(await readFile(path.join(dir, "src/hard"), "utf8")).toBe("print('hi')\n");
  });

  it("refuses ../evil and writes nothing", async () => {
    const message = await refusal(rawTar([{ name: "ok.txt" }, { name: "../evil", body: "x" }]));
    expect(message).toBe('snapshot refused: snap.tar.gz: entry "../evil": path contains ..');
    expect(existsSync(path.join(parent, "evil"))).toBe(false);
  });

  it("refuses absolute paths", async () => {
    expect(await refusal(rawTar([{ name: "/tmp/tracemill-evil", body: "x" }]))).toContain(
      'entry "/tmp/tracemill-evil": absolute path',
    );
    expect(existsSync("/tmp/tracemill-evil")).toBe(false);
  });

  it("refuses symlinks and hard links leading outside", async () => {
    expect(await refusal(rawTar([{ name: "passwd", type: "2", link: "/etc/passwd" }]))).toContain(
      'entry "passwd": link target /etc/passwd is absolute',
    );
    expect(await refusal(rawTar([{ name: "a/up", type: "2", link: "../../secret" }]))).toContain(
      'entry "a/up": link target ../../secret points outside the workspace',
    );
    expect(await refusal(rawTar([{ name: "h", type: "1", link: "../outside" }]))).toContain(
      'entry "h": link target ../outside points outside the workspace',
    );
  });

  it("refuses a write through a symlink into a folder outside", async () => {
    const outside = await mkdtemp(path.join(parent, "outside-"));
    const relative = path.relative(path.join(parent, "x"), outside);
    await writeFile(path.join(outside, "keep"), "keep");
    const message = await refusal(
      rawTar([
        { name: "door", type: "2", link: relative },
        { name: "door/planted", body: "x" },
      ]),
    );
    expect(message).toContain('entry "door"');
    expect(existsSync(path.join(outside, "planted"))).toBe(false);
  });

  it("refuses device files and fifos", async () => {
    expect(await refusal(rawTar([{ name: "null", type: "3" }]))).toContain(
      'entry "null": entry type CharacterDevice is not allowed',
    );
    expect(await refusal(rawTar([{ name: "pipe", type: "6" }]))).toContain(
      "entry type FIFO is not allowed",
    );
  });

  it("caps the content size and the entry count", async () => {
    const big = rawTar([
      { name: "a", body: "x".repeat(600) },
      { name: "b", body: "y".repeat(600) },
    ]);
    expect(await refusal(big, { maxBytes: 1000 })).toContain(
      'more than 1000 bytes of content (at "b")',
    );
    const many = rawTar([{ name: "1" }, { name: "2" }, { name: "3" }]);
    expect(await refusal(many, { maxEntries: 2 })).toContain('more than 2 entries (at "3")');
  });

  it("refuses bytes that are not an archive", async () => {
    const message = await refusal(Buffer.from("definitely not a tarball, just text"));
    expect(message).toMatch(/^snapshot refused: snap\.tar\.gz: /);
  });
});

describe("entryProblem", () => {
  it("accepts a symlink to a sibling and refuses one climbing out", () => {
    expect(entryProblem({ path: "a/b", type: "SymbolicLink", linkpath: "../c" })).toBeUndefined();
    expect(entryProblem({ path: "a/b", type: "SymbolicLink", linkpath: "../../c" })).toBe(
      "link target ../../c points outside the workspace",
    );
  });
});
