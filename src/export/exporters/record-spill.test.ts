import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileSpill } from "./record-spill.js";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "record-spill-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const value = (index: number) => ({
  index,
  text: `value ${index} `.repeat(index % 7),
  missing: undefined,
  nested: [{ role: "user", content: [{ type: "text", text: `part ${index}` }] }],
});

describe("createFileSpill", () => {
  it("reads back every value, written or still buffered, in any order", async () => {
    const spill = createFileSpill<ReturnType<typeof value>>({
      directory: folder,
      bufferBytes: 500,
    });
    const slots: number[] = [];
    for (let index = 0; index < 200; index++) slots.push(await spill.append(value(index)));
    expect(slots).toEqual(Array.from({ length: 200 }, (_, index) => index));
    expect(spill.size).toBe(200);
    for (const slot of [199, 0, 57, 198, 1, 120])
      expect(await spill.read(slot)).toEqual(value(slot));
    await spill.close();
  });

  it("keeps byte offsets right for multi-byte text, buffered, flushed and written whole", async () => {
    const text = (index: number) => `café ${index} 東京 😀 `.repeat(1 + (index % 40));
    const spill = createFileSpill<string>({ directory: folder, bufferBytes: 2000 });
    // Lines from ~20 to ~900 UTF-16 units: some fill the buffer, the longest skip it.
    for (let index = 0; index < 120; index++) await spill.append(text(index));
    for (let slot = 119; slot >= 0; slot -= 7) expect(await spill.read(slot)).toBe(text(slot));
    expect(await spill.read(0)).toBe(text(0));
    await spill.close();
  });

  it("keeps a small spill in memory and removes its file on close", async () => {
    const small = createFileSpill<string>({ directory: folder });
    await small.append("only one");
    expect(await readdir(folder)).toEqual([]);
    await small.close();

    const large = createFileSpill<string>({ directory: folder, bufferBytes: 10 });
    await large.append("longer than ten bytes");
    expect(await readdir(folder)).toHaveLength(1);
    await large.close();
    expect(await readdir(folder)).toEqual([]);
  });

  it("refuses slots it does not hold and use after close", async () => {
    const spill = createFileSpill<number>({ directory: folder });
    await spill.append(1);
    await expect(spill.read(1)).rejects.toThrow(RangeError);
    await expect(spill.read(-1)).rejects.toThrow(RangeError);
    await spill.close();
    await expect(spill.read(0)).rejects.toThrow("closed");
    await expect(spill.append(2)).rejects.toThrow("closed");
  });
});
