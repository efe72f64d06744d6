import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  createFileSignatureStore,
  createMemorySignatureStore,
  type SignatureStore,
} from "./signature-store.js";

const width = 8;
const signature = (position: number) =>
  Uint8Array.from({ length: width }, (_, byte) => (position * 31 + byte * 7) & 0xff);

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});
async function folder() {
  const made = await mkdtemp(join(tmpdir(), "signature-store-"));
  folders.push(made);
  return made;
}

async function stores(): Promise<[string, SignatureStore][]> {
  return [
    ["memory", createMemorySignatureStore(width)],
    // Three rows a block: 40 rows cross many flushes and end with a partly filled buffer.
    ["file", createFileSignatureStore(width, { directory: await folder(), bufferRows: 3 })],
  ];
}

describe("signature stores", () => {
  it("give back every appended signature, by position and by scan", async () => {
    for (const [name, store] of await stores()) {
      // The caller's array is copied: changing it afterwards changes nothing stored.
      const scratch = new Uint8Array(width);
      for (let position = 0; position < 40; position++) {
        scratch.set(signature(position));
        store.append(scratch);
        scratch.fill(0);
      }
      expect(store.size, name).toBe(40);
      for (const position of [0, 1, 2, 3, 20, 37, 38, 39]) {
        expect([...store.get(position)], `${name} ${position}`).toEqual([...signature(position)]);
      }
      const scanned: number[][] = [];
      store.scan(4, 40, (stored, position) => {
        expect(position).toBe(4 + scanned.length);
        scanned.push([...stored]);
      });
      expect(scanned).toEqual(
        Array.from({ length: 36 }, (_, offset) => [...signature(4 + offset)]),
      );
      expect(() => store.get(40)).toThrow(RangeError);
      store.close();
    }
  });

  it("write a file only once the buffer fills, and remove it on close", async () => {
    const directory = await folder();
    const store = createFileSignatureStore(width, { directory, bufferRows: 4 });
    for (let position = 0; position < 3; position++) store.append(signature(position));
    expect(await readdir(directory)).toEqual([]);
    store.append(signature(3));
    expect(await readdir(directory)).toEqual([expect.stringMatching(/^tracemill-signatures-/)]);
    store.close();
    expect(await readdir(directory)).toEqual([]);
    expect(() => store.append(signature(4))).toThrow(/closed/);
  });
});
