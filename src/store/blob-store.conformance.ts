import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejection } from "../test-support/rejection.js";
import type { BlobStore } from "./types.js";

export interface BlobStoreHarness {
  blobs: BlobStore;
  close(): Promise<void>;
}

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}

/** Splits data into uneven pieces, as a network upload arrives. */
function streamOf(data: Buffer, pieceBytes = 65_537): Readable {
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += pieceBytes) {
    pieces.push(data.subarray(offset, offset + pieceBytes));
  }
  return Readable.from(pieces);
}

/** One behavioural suite every BlobStore must pass (folder, S3). */
export function describeBlobStoreConformance(
  name: string,
  open: () => Promise<BlobStoreHarness | undefined>,
): void {
  describe(`BlobStore conformance: ${name}`, () => {
    let harness: BlobStoreHarness | undefined;
    const blobs = () => {
      if (harness === undefined) throw new Error("blob store not opened");
      return harness.blobs;
    };
    beforeAll(async () => {
      harness = await open();
    });
    afterAll(async () => {
      await harness?.close();
    });
    const test = (title: string, body: () => Promise<void>) =>
      it(title, async (context) => {
        if (harness === undefined) context.skip();
        await body();
      });

    test("bytes and a stream of the same content get the same content address", async () => {
      const data = Buffer.from(`stdout of pytest ✓ ${randomBytes(8).toString("hex")}\n`);
      const fromBytes = await blobs().put(new Uint8Array(data), { mimeType: "text/plain" });
      expect(fromBytes).toEqual({
        key: `sha256/${sha256(data)}`,
        sha256: sha256(data),
        bytes: data.length,
      });
      const fromStream = await blobs().put(streamOf(data, 3));
      expect(fromStream).toEqual(fromBytes);
      expect(await blobs().has(fromBytes.key)).toBe(true);
      expect(await blobs().get(fromBytes.key)).toEqual(data);
      expect(await readAll(await blobs().getStream(fromBytes.key))).toEqual(data);
    });

    test("put is idempotent and an empty blob is a blob", async () => {
      const data = randomBytes(1000);
      const first = await blobs().put(data);
      const second = await blobs().put(data);
      expect(second).toEqual(first);
      expect((await blobs().list(first.key)).length).toBe(1);
      const empty = await blobs().put(new Uint8Array(0));
      expect(empty.sha256).toBe(sha256(new Uint8Array(0)));
      expect(empty.bytes).toBe(0);
      expect((await blobs().get(empty.key)).length).toBe(0);
    });

    test("list is sorted, filters by prefix, and delete removes", async () => {
      const puts = await Promise.all(Array.from({ length: 6 }, () => blobs().put(randomBytes(64))));
      const keys = puts.map((put) => put.key);
      const listed = await blobs().list();
      expect(listed).toEqual([...listed].sort());
      for (const key of keys) expect(listed).toContain(key);
      const target = keys[0] as string;
      const prefix = target.slice(0, "sha256/".length + 3);
      const narrowed = await blobs().list(prefix);
      expect(narrowed).toContain(target);
      expect(narrowed.every((key) => key.startsWith(prefix))).toBe(true);
      await blobs().delete(target);
      expect(await blobs().has(target)).toBe(false);
      expect(await blobs().list()).not.toContain(target);
      // Deleting again is not an error: the blob is gone either way.
      await blobs().delete(target);
    });

    test("a missing key is not_found; a malformed key is refused", async () => {
      const missing = `sha256/${sha256(randomBytes(16))}`;
      expect(await blobs().has(missing)).toBe(false);
      const get = await rejection(blobs().get(missing));
      expect(get.code).toBe("not_found");
      expect(get.message).toContain(missing);
      expect((await rejection(blobs().getStream(missing))).code).toBe("not_found");
      for (const bad of ["../../etc/passwd", "sha256/../../x", "sha256/ABC", "md5/abc"]) {
        expect((await rejection(blobs().get(bad))).code).toBe("input_invalid");
      }
    });

    test("a 5 MB stream round-trips byte for byte", async () => {
      const data = randomBytes(5 * 1024 * 1024);
      const put = await blobs().put(streamOf(data));
      expect(put).toEqual({
        key: `sha256/${sha256(data)}`,
        sha256: sha256(data),
        bytes: data.length,
      });
      const back = await readAll(await blobs().getStream(put.key));
      expect(back.length).toBe(data.length);
      expect(sha256(back)).toBe(put.sha256);
    });

    test("a failing stream stores nothing", async () => {
      const before = await blobs().list();
      const failing = new Readable({
        read() {
          this.push(Buffer.from("partial data"));
          this.destroy(new Error("client went away"));
        },
      });
      const error = await rejection(blobs().put(failing));
      expect(error.code).toBe("io");
      expect(await blobs().list()).toEqual(before);
    });
  });
}
