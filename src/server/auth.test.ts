import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DevtraceRecord } from "../store/types.js";
import { resolveApiTokens } from "./api-tokens.js";
import { bearerToken, createTokenAuthority } from "./auth.js";
import { resolveHmacKey } from "./hmac-key.js";

function recordFor(tokenSha256: string, overrides: Partial<DevtraceRecord> = {}): DevtraceRecord {
  return {
    trace_id: "trace_a",
    participant_id: "p",
    task_id: "t",
    task_title: "T",
    consent: { rationale: true, outputs: true, code: true, training: true },
    status: "ingesting",
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
    num_events: 0,
    upload_token_sha256: tokenSha256,
    upload_token_expires_at: "2026-01-02T00:00:00.000Z",
    upload_token_revoked: false,
    ...overrides,
  };
}

describe("token authority", () => {
  const authority = createTokenAuthority(
    ["api-token-one-0123456789", "api-token-two-0123456789"],
    "key",
  );
  const now = new Date("2026-01-01T12:00:00.000Z");

  it("accepts any configured API token and nothing else", () => {
    expect(authority.identify("Bearer api-token-two-0123456789")).toEqual({ kind: "api" });
    expect(authority.identify("bearer api-token-one-0123456789")).toEqual({ kind: "api" });
    expect(authority.identify("Bearer api-token-three")).toEqual({
      kind: "upload-candidate",
      token: "api-token-three",
    });
    expect(() => authority.identify(undefined)).toThrow(/missing Authorization/);
    expect(() => authority.identify("Basic abc")).toThrow(/malformed/);
  });

  it("issues 32 random bytes plus a tag, stores only the digest, and tells its own tokens apart", () => {
    const issued = authority.issueUploadToken();
    const [random, tag] = issued.token.split(".");
    expect(Buffer.from(random ?? "", "base64url")).toHaveLength(32);
    expect(tag?.length).toBeGreaterThan(10);
    expect(issued.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(issued.sha256).not.toContain(random);
    expect(authority.isIssuedUploadToken(issued.token)).toBe(true);
    expect(authority.isIssuedUploadToken(`${random}.AAAAAAAAAAAAAAAAAAAAAA`)).toBe(false);
    expect(createTokenAuthority(["x"], "other key").isIssuedUploadToken(issued.token)).toBe(false);
    expect(authority.issueUploadToken().token).not.toBe(issued.token);
  });

  it("checks an upload token: own trace ok; other trace 403; made-up 401; expired or revoked 403", () => {
    const own = authority.issueUploadToken();
    const other = authority.issueUploadToken();
    const record = recordFor(own.sha256);
    expect(() => authority.checkUploadToken(record, own.token, now)).not.toThrow();
    expect(() => authority.checkUploadToken(record, other.token, now)).toThrow(/another trace/);
    expect(() => authority.checkUploadToken(record, "made.up", now)).toThrow(/unknown token/);
    expect(() =>
      authority.checkUploadToken(record, own.token, new Date("2026-01-03T00:00:00.000Z")),
    ).toThrow(/expired/);
    expect(() =>
      authority.checkUploadToken(
        recordFor(own.sha256, { upload_token_revoked: true }),
        own.token,
        now,
      ),
    ).toThrow(/revoked/);
  });

  it("parses bearer headers", () => {
    expect(bearerToken("Bearer abc ")).toBe("abc");
    expect(bearerToken("Bearer")).toBeUndefined();
  });
});

describe("API tokens and the HMAC key for serve", () => {
  it("joins flags and TRACEMILL_API_TOKENS, refuses none without --dev, and --dev generates one", () => {
    expect(
      resolveApiTokens({
        flags: ["flag-token-0123456789"],
        environment: "env-one-0123456789, env-two-0123456789",
      }).tokens,
    ).toEqual(["flag-token-0123456789", "env-one-0123456789", "env-two-0123456789"]);
    expect(() => resolveApiTokens({})).toThrow(/no API token/);
    expect(() => resolveApiTokens({ flags: ["short"] })).toThrow(/at least 16/);
    const dev = resolveApiTokens({ dev: true });
    expect(dev.tokens).toEqual([dev.generated]);
    expect(resolveApiTokens({ dev: true }).generated).not.toBe(dev.generated);
  });

  it("takes the flag, then the environment, else generates a 0600 key file once and reuses it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tracemill-hmac-test-"));
    try {
      expect(await resolveHmacKey({ flag: "f", environment: "e", dataDir: dir })).toEqual({
        key: "f",
        source: "flag",
      });
      expect((await resolveHmacKey({ environment: "e", dataDir: dir })).source).toBe("environment");
      const generated = await resolveHmacKey({ dataDir: dir });
      expect(generated.source).toBe("generated");
      expect(generated.key).toMatch(/^[0-9a-f]{64}$/);
      expect((await stat(join(dir, "hmac.key"))).mode & 0o777).toBe(0o600);
      const again = await resolveHmacKey({ dataDir: dir });
      expect(again).toEqual({ key: generated.key, source: "file", path: generated.path });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
