import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../core/hash.js";
import { sampleSftRow } from "./__fixtures__/format-fixtures.js";
import { placeImages } from "./image-files.js";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "tracemill-images-"));
  await writeFile(join(folder, "frame.jpg"), "frame bytes");
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const pathRow = sampleSftRow({
  messages: [{ role: "user", content: [{ type: "image", path: "frame.jpg" }] }],
});

describe("placeImages", () => {
  it("copies path images under images/<sha256>.jpg and references them relatively", async () => {
    const exporterDir = join(folder, "out", "sft");
    const placed = await placeImages(pathRow, {
      exporterDir,
      inline: false,
      dryRun: false,
      baseDir: folder,
    });
    const name = `images/${sha256Hex("frame bytes")}.jpg`;
    expect(placed.ok && placed.row.messages[0]?.content).toEqual([{ type: "image", path: name }]);
    expect(await readFile(join(exporterDir, name), "utf8")).toBe("frame bytes");
    expect(placed.ok && placed.read).toEqual([join(folder, "frame.jpg")]);
  });

  it("inlines path images as base64 when asked", async () => {
    const placed = await placeImages(pathRow, {
      exporterDir: join(folder, "out"),
      inline: true,
      dryRun: false,
      baseDir: folder,
    });
    expect(placed.ok && placed.row.messages[0]?.content).toEqual([
      { type: "image", data: Buffer.from("frame bytes").toString("base64") },
    ]);
    expect(await readdir(folder)).toEqual(["frame.jpg"]);
  });

  it("reports a missing image instead of writing a row that points nowhere", async () => {
    const placed = await placeImages(pathRow, {
      exporterDir: join(folder, "out"),
      inline: false,
      dryRun: false,
      baseDir: join(folder, "gone"),
    });
    expect(placed.ok).toBe(false);
  });
});
