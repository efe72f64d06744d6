import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { TracemillError } from "../core/errors.js";
import type { DevtraceRecord } from "../store/types.js";

/**
 * Bearer-token checks. API tokens are kept only as sha256 digests and compared in constant time.
 * Upload tokens are 32 random bytes (base64url) plus a short tag keyed with the server key, so a
 * token this server issued for another trace can be told apart (403) from a made-up one (401)
 * without a catalog lookup by token.
 */
export interface TokenAuthority {
  /** The principal behind `Authorization: Bearer …`, or a 401 when absent or unknown. */
  identify(
    header: string | undefined,
  ): { kind: "api" } | { kind: "upload-candidate"; token: string };
  isApiToken(token: string): boolean;
  issueUploadToken(): { token: string; sha256: string };
  /** Throws 401/403 unless the token is the trace's own, unexpired, unrevoked upload token. */
  checkUploadToken(record: DevtraceRecord, token: string, now: Date): void;
  /** True when the tag proves this server issued the token (for some trace). */
  isIssuedUploadToken(token: string): boolean;
}

const tagBytes = 16;

export function sha256Digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function createTokenAuthority(
  apiTokens: readonly string[],
  hmacKey: string,
): TokenAuthority {
  const apiDigests = apiTokens.filter((token) => token.length > 0).map(sha256Digest);
  // A key of its own for tags, so a tag can never be replayed as a hash-chain link or vice versa.
  const tagKey = createHmac("sha256", hmacKey).update("tracemill upload-token tag v1").digest();

  const tagOf = (random: string): string =>
    createHmac("sha256", tagKey)
      .update(random)
      .digest()
      .subarray(0, tagBytes)
      .toString("base64url");

  function isApiToken(token: string): boolean {
    const digest = sha256Digest(token);
    let found = false;
    // Every digest is compared so the time taken does not depend on which token matched.
    for (const candidate of apiDigests) {
      if (timingSafeEqual(candidate, digest)) found = true;
    }
    return found;
  }

  function isIssuedUploadToken(token: string): boolean {
    const [random, tag, extra] = token.split(".");
    if (random === undefined || tag === undefined || extra !== undefined) return false;
    const expected = Buffer.from(tagOf(random), "utf8");
    const actual = Buffer.from(tag, "utf8");
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  return {
    identify(header) {
      const token = bearerToken(header);
      if (token === undefined) {
        throw new TracemillError(
          "unauthorized",
          header === undefined
            ? "missing Authorization header (expected: Bearer <token>)"
            : "malformed Authorization header (expected: Bearer <token>)",
        );
      }
      if (isApiToken(token)) return { kind: "api" };
      return { kind: "upload-candidate", token };
    },
    isApiToken,
    isIssuedUploadToken,
    issueUploadToken() {
      const random = randomBytes(32).toString("base64url");
      const token = `${random}.${tagOf(random)}`;
      return { token, sha256: sha256Digest(token).toString("hex") };
    },
    checkUploadToken(record, token, now) {
      const digest = sha256Digest(token);
      const stored = Buffer.from(record.upload_token_sha256, "hex");
      const matches = stored.length === digest.length && timingSafeEqual(stored, digest);
      if (!matches) {
        if (isIssuedUploadToken(token)) {
          throw new TracemillError(
            "forbidden",
            `the upload token belongs to another trace, not ${record.trace_id}`,
          );
        }
        throw new TracemillError("unauthorized", "unknown token");
      }
      if (record.upload_token_revoked) {
        throw new TracemillError(
          "forbidden",
          `the upload token of trace ${record.trace_id} was revoked (the trace is ${record.status})`,
        );
      }
      if (new Date(record.upload_token_expires_at).getTime() <= now.getTime()) {
        throw new TracemillError(
          "forbidden",
          `the upload token of trace ${record.trace_id} expired at ${record.upload_token_expires_at}`,
        );
      }
    },
  };
}
