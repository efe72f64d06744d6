import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { ListObjectsV2CommandOutput, S3Client } from "@aws-sdk/client-s3";
import { TracemillError } from "../core/errors.js";
import { sha256Hex } from "../core/hash.js";
import { blobKeyFor, digestOfKey, missingBlob, writeHashed } from "./blob-keys.js";
import type { BlobStore, PutBlobResult } from "./types.js";

type S3Module = typeof import("@aws-sdk/client-s3");

export interface S3BlobStoreOptions {
  bucket: string;
  /** Folder inside the bucket, without leading or trailing slash. */
  prefix?: string;
  /** For S3-compatible servers (MinIO, s3rver, R2): http://127.0.0.1:4569 */
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Path-style URLs (bucket in the path); needed by most S3-compatible servers. */
  forcePathStyle?: boolean;
}

/**
 * Content-addressed blobs in an S3 bucket under `<prefix>/sha256/<hex>`. The key is the hash,
 * so a stream is first written to a temp file while hashing and only then uploaded.
 */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  // The AWS SDK is loaded on the first request, not at import: most runs never touch S3 (issue 20).
  let connection: Promise<{ s3: S3Module; client: S3Client }> | undefined;
  const connect = () => {
    connection ??= import("@aws-sdk/client-s3").then((s3) => ({
      s3,
      client: new s3.S3Client({
        region: options.region ?? "us-east-1",
        ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
        forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
        // Checksums only where S3 demands them: S3-compatible servers often reject the newer
        // default trailing checksums, and the content hash already guards the bytes.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
      }),
    }));
    return connection;
  };
  const bucket = options.bucket;
  const base =
    options.prefix === undefined || options.prefix === "" ? "" : `${trimSlashes(options.prefix)}/`;
  const where = `s3://${bucket}/${base}`;
  const objectKey = (key: string) => {
    digestOfKey(key);
    return `${base}${key}`;
  };

  async function exists(key: string): Promise<boolean> {
    const { s3, client } = await connect();
    try {
      await client.send(new s3.HeadObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw s3Failure(error, `HEAD ${where}${key}`);
    }
  }

  async function upload(
    key: string,
    body: Uint8Array | Readable,
    bytes: number,
    mimeType: string | undefined,
  ): Promise<void> {
    const { s3, client } = await connect();
    try {
      await client.send(
        new s3.PutObjectCommand({
          Bucket: bucket,
          Key: objectKey(key),
          Body: body,
          ContentLength: bytes,
          ContentType: mimeType ?? "application/octet-stream",
        }),
      );
    } catch (error) {
      throw s3Failure(error, `PUT ${where}${key}`);
    }
  }

  async function fetch(key: string) {
    const { s3, client } = await connect();
    try {
      return await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    } catch (error) {
      if (isNotFound(error)) throw missingBlob(key, where);
      throw s3Failure(error, `GET ${where}${key}`);
    }
  }

  return {
    kind: "s3",
    async put(data, putOptions = {}): Promise<PutBlobResult> {
      if (data instanceof Uint8Array) {
        const sha256 = sha256Hex(data);
        const key = blobKeyFor(sha256);
        if (!(await exists(key))) await upload(key, data, data.byteLength, putOptions.mimeType);
        return { key, sha256, bytes: data.byteLength };
      }
      const folder = await mkdtemp(join(tmpdir(), "tracemill-s3-put-"));
      try {
        const temp = join(folder, randomBytes(8).toString("hex"));
        const { sha256, bytes } = await writeHashed(data as Readable, temp);
        const key = blobKeyFor(sha256);
        if (!(await exists(key))) {
          await upload(key, createReadStream(temp), (await stat(temp)).size, putOptions.mimeType);
        }
        return { key, sha256, bytes };
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
    async get(key) {
      const response = await fetch(key);
      if (response.Body === undefined) throw missingBlob(key, where);
      return Buffer.from(await response.Body.transformToByteArray());
    },
    async getStream(key) {
      const response = await fetch(key);
      if (!(response.Body instanceof Readable)) {
        throw new TracemillError("io", `GET ${where}${key}: the response body is not a stream`);
      }
      return response.Body;
    },
    has: exists,
    async delete(key) {
      const { s3, client } = await connect();
      try {
        await client.send(new s3.DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
      } catch (error) {
        if (!isNotFound(error)) throw s3Failure(error, `DELETE ${where}${key}`);
      }
    },
    async list(prefix = "") {
      const { s3, client } = await connect();
      const keys: string[] = [];
      let token: string | undefined;
      do {
        let page: ListObjectsV2CommandOutput;
        try {
          page = await client.send(
            new s3.ListObjectsV2Command({
              Bucket: bucket,
              Prefix: `${base}${prefix}`,
              ...(token === undefined ? {} : { ContinuationToken: token }),
            }),
          );
        } catch (error) {
          throw s3Failure(error, `LIST ${where}${prefix}`);
        }
        for (const item of page.Contents ?? []) {
          if (item.Key !== undefined) keys.push(item.Key.slice(base.length));
        }
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return keys.sort();
    },
    async close() {
      if (connection !== undefined) (await connection).client.destroy();
    },
  };
}

function trimSlashes(value: string): string {
  return value.replace(/^\/+|\/+$/g, "");
}

function isNotFound(error: unknown): boolean {
  const failure = error as { name?: unknown; $metadata?: { httpStatusCode?: number } } | null;
  // A missing bucket is a configuration fault, not a missing blob.
  if (failure?.name === "NoSuchBucket") return false;
  return (
    failure?.name === "NotFound" ||
    failure?.name === "NoSuchKey" ||
    failure?.$metadata?.httpStatusCode === 404
  );
}

function s3Failure(error: unknown, what: string): TracemillError {
  if (error instanceof TracemillError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata
    ?.httpStatusCode;
  const code =
    status === 403 || name === "AccessDenied"
      ? "forbidden"
      : status === undefined || status >= 500
        ? "unavailable"
        : "io";
  const message = error instanceof Error ? error.message : String(error);
  return new TracemillError(code, `${what}: ${String(name ?? "error")}: ${message}`, {
    cause: error,
  });
}
