import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createRedactor } from "../../model/redact.js";
import { isTextArtifact } from "./prepare-artifacts.js";
import { redactingStream } from "./redact-blob.js";

async function through(pieces: (string | Buffer)[]): Promise<{ text: string; redactions: number }> {
  const stream = redactingStream(createRedactor());
  const parts: Buffer[] = [];
  for await (const part of Readable.from(pieces.map((piece) => Buffer.from(piece))).pipe(stream))
    parts.push(part as Buffer);
  return { text: Buffer.concat(parts).toString("utf8"), redactions: stream.redactions };
}

describe("redactingStream (PUT text artifacts)", () => {
  it("finds a secret split across network chunks, and keeps the rest byte for byte", async () => {
    const card = "4111 1111 1111 1111";
    const email = "grace.hopper@navy-example.org";
    const result = await through([
      `paid with ${card.slice(0, 7)}`,
      `${card.slice(7)}\nmail `,
      email,
    ]);
    expect(result.text).toBe("paid with [REDACTED:credit_card]\nmail [REDACTED:email]");
    expect(result.redactions).toBe(2);
  });

  it("a multi-byte character split between chunks survives", async () => {
    const bytes = Buffer.from("größe ✓\n", "utf8");
    const result = await through([bytes.subarray(0, 3), bytes.subarray(3, 9), bytes.subarray(9)]);
    expect(result.text).toBe("größe ✓\n");
  });

  it("a line longer than the hold-back limit is cut at a space, not inside a word", async () => {
    const long = `${"word ".repeat(60_000)}grace.hopper@navy-example.org`;
    const result = await through([long]);
    expect(result.text).not.toContain("grace.hopper");
    expect(result.text.startsWith("word word")).toBe(true);
  });
});

describe("isTextArtifact", () => {
  it("output, logs and patches are text; snapshots and archives are not", () => {
    expect(isTextArtifact("stdout", "application/octet-stream")).toBe(true);
    expect(isTextArtifact("log", undefined)).toBe(true);
    expect(isTextArtifact("artifact", "text/plain; charset=utf-8")).toBe(true);
    expect(isTextArtifact("patch", undefined)).toBe(true);
    expect(isTextArtifact("workspace_snapshot", "text/plain")).toBe(false);
    expect(isTextArtifact("log", "application/gzip")).toBe(false);
    expect(isTextArtifact("artifact", "image/png")).toBe(false);
    expect(isTextArtifact("artifact", undefined)).toBe(false);
  });
});
