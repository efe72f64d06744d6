import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { exampleStudyFiles } from "./example-study.js";

const committed = fileURLToPath(new URL("../../../examples/robot/study", import.meta.url));

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}

describe("the committed example study", () => {
  it("equals the generator's output (texts byte for byte, frames pixel for pixel)", async () => {
    const generated = exampleStudyFiles();
    const expected = [...generated.texts.keys(), ...generated.images.keys()].sort();
    expect(await listFiles(committed)).toEqual(expected);
    for (const [path, text] of generated.texts) {
      expect(await readFile(join(committed, path), "utf8"), path).toBe(text);
    }
    for (const [path, image] of generated.images) {
      const decoded = await sharp(join(committed, path))
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect(decoded.info, path).toMatchObject({
        width: image.width,
        height: image.height,
        channels: 3,
      });
      expect(decoded.data.equals(image.pixels), path).toBe(true);
    }
  });
});
