import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { TracemillError } from "../core/errors.js";
import { createFsBlobStore } from "./blob-fs.js";
import { createS3BlobStore } from "./blob-s3.js";
import { describeBlobStoreConformance } from "./blob-store.conformance.js";
import { openBlobStore, parseBlobUrl } from "./open-blobs.js";
import { s3rverCredentials, startS3rver } from "./s3rver-harness.js";

describeBlobStoreConformance("filesystem", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tracemill-blobs-"));
  return {
    blobs: createFsBlobStore(dir),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

describeBlobStoreConformance("S3 (s3rver on loopback)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tracemill-s3rver-"));
  const server = await startS3rver(dir, "tracemill-test");
  const blobs = await openBlobStore(
    `s3://tracemill-test/runs/a?endpoint=${server.endpoint}`,
    "/unused",
    {
      AWS_ACCESS_KEY_ID: s3rverCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey,
    },
  );
  expect(blobs.kind).toBe("s3");
  return {
    blobs,
    async close() {
      await blobs.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe("filesystem blob layout", () => {
  it("fans out by the first two hex digits and leaves no temp files", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tracemill-blobs-layout-"));
    try {
      const blobs = await openBlobStore(undefined, dir);
      expect(blobs.kind).toBe("fs");
      const put = await blobs.put(new TextEncoder().encode("hello"));
      const digest = put.sha256;
      expect(await readdir(join(dir, "blobs", "sha256", digest.slice(0, 2)))).toEqual([
        digest.slice(2),
      ]);
      expect(await readdir(join(dir, "blobs", "tmp"))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("S3 blob layout", () => {
  it("keeps blobs under the URL's prefix in the bucket", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tracemill-s3rver-prefix-"));
    const server = await startS3rver(dir, "layout");
    const blobs = createS3BlobStore({
      bucket: "layout",
      prefix: "/team/x/",
      endpoint: server.endpoint,
      credentials: s3rverCredentials,
    });
    const raw = new S3Client({
      endpoint: server.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: s3rverCredentials,
    });
    try {
      const put = await blobs.put(new TextEncoder().encode("snapshot bytes"));
      const listed = await raw.send(new ListObjectsV2Command({ Bucket: "layout" }));
      expect(listed.Contents?.map((item) => item.Key)).toEqual([`team/x/${put.key}`]);
      expect(await blobs.list()).toEqual([put.key]);
    } finally {
      raw.destroy();
      await blobs.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("parseBlobUrl", () => {
  it("reads bucket, prefix, endpoint and region from the URL before the environment", () => {
    expect(
      parseBlobUrl("s3://traces/team/a/?endpoint=http://127.0.0.1:4569&region=eu-west-1", {
        AWS_REGION: "us-east-2",
        TRACEMILL_S3_ENDPOINT: "http://ignored:1",
        AWS_ACCESS_KEY_ID: "id",
        AWS_SECRET_ACCESS_KEY: "secret",
      }),
    ).toEqual({
      bucket: "traces",
      prefix: "team/a",
      endpoint: "http://127.0.0.1:4569",
      region: "eu-west-1",
      credentials: { accessKeyId: "id", secretAccessKey: "secret" },
    });
  });

  it("falls back to the environment and leaves credentials to the SDK when unset", () => {
    expect(
      parseBlobUrl("s3://traces?forcePathStyle=false", {
        AWS_REGION: "us-east-2",
        TRACEMILL_S3_ENDPOINT: "https://minio.internal:9000",
        AWS_ACCESS_KEY_ID: "only-the-id",
      }),
    ).toEqual({
      bucket: "traces",
      endpoint: "https://minio.internal:9000",
      region: "us-east-2",
      forcePathStyle: false,
    });
  });

  it("refuses what is not an s3 URL, naming it", () => {
    for (const bad of ["s3://", "http://bucket/x", "s3://b?endpoint=ftp://x", "not a url"]) {
      let caught: unknown;
      try {
        parseBlobUrl(bad);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(TracemillError);
      expect((caught as TracemillError).code).toBe("config_invalid");
    }
  });
});
