import { join } from "node:path";
import { z } from "zod";
import { TracemillError } from "../core/errors.js";
import { createFsBlobStore } from "./blob-fs.js";
import { createS3BlobStore, type S3BlobStoreOptions } from "./blob-s3.js";
import type { BlobStore } from "./types.js";

/** The environment variables a blob URL may draw on; passed in, never read here. */
export interface BlobEnvironment {
  AWS_ACCESS_KEY_ID?: string | undefined;
  AWS_SECRET_ACCESS_KEY?: string | undefined;
  AWS_REGION?: string | undefined;
  TRACEMILL_S3_ENDPOINT?: string | undefined;
}

const endpointSchema = z.url({ protocol: /^https?$/ });

/**
 * `s3://bucket/prefix?endpoint=http://127.0.0.1:4569&region=us-east-1&forcePathStyle=true`
 * → S3 options. URL parameters win over the environment; credentials come only from the
 * environment (a URL ends up in logs) and otherwise from the AWS SDK's own provider chain.
 */
export function parseBlobUrl(url: string, env: BlobEnvironment = {}): S3BlobStoreOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TracemillError(
      "config_invalid",
      `blob store URL ${JSON.stringify(url)} is not a URL`,
    );
  }
  if (parsed.protocol !== "s3:" || parsed.hostname === "") {
    throw new TracemillError(
      "config_invalid",
      `blob store URL ${JSON.stringify(url)} must look like s3://bucket/prefix`,
    );
  }
  const options: S3BlobStoreOptions = { bucket: parsed.hostname };
  const prefix = decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, "");
  if (prefix !== "") options.prefix = prefix;
  const endpoint = parsed.searchParams.get("endpoint") ?? env.TRACEMILL_S3_ENDPOINT;
  if (endpoint !== undefined && endpoint !== "") {
    if (!endpointSchema.safeParse(endpoint).success) {
      throw new TracemillError(
        "config_invalid",
        `blob store URL ${JSON.stringify(url)}: endpoint ${JSON.stringify(endpoint)} is not an http(s) URL`,
      );
    }
    options.endpoint = endpoint;
  }
  const region = parsed.searchParams.get("region") ?? env.AWS_REGION;
  if (region !== undefined && region !== "") options.region = region;
  const pathStyle = parsed.searchParams.get("forcePathStyle");
  if (pathStyle !== null) options.forcePathStyle = pathStyle !== "false" && pathStyle !== "0";
  if (env.AWS_ACCESS_KEY_ID !== undefined && env.AWS_SECRET_ACCESS_KEY !== undefined) {
    options.credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    };
  }
  return options;
}

/** `--blobs`: s3://… opens a bucket; a folder (or nothing: `<defaultDir>/blobs`) a folder. */
export async function openBlobStore(
  spec: string | undefined,
  defaultDir: string,
  env: BlobEnvironment = {},
): Promise<BlobStore> {
  if (spec?.startsWith("s3://")) return createS3BlobStore(parseBlobUrl(spec, env));
  return createFsBlobStore(spec ?? join(defaultDir, "blobs"));
}
