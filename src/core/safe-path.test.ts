import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { TracemillError } from "./errors.js";
import { checkSafeId, isSafeId, safeJoin } from "./safe-path.js";

describe("safe ids", () => {
  it("accepts the characters of real chunk ids, trace ids and artifact names", () => {
    for (const id of [
      "chunk-001",
      "trace_0a1b",
      "workspace_snapshot.tar.gz",
      "a",
      "x".repeat(128),
    ]) {
      expect(isSafeId(id)).toBe(true);
    }
  });

  it("refuses separators, dots-only names, empty, too long and other characters", () => {
    for (const id of [
      "",
      ".",
      "..",
      "../../x",
      "a/b",
      "a\\b",
      "x".repeat(129),
      "a b",
      "é",
      "a\0b",
    ]) {
      expect(isSafeId(id)).toBe(false);
    }
    expect(() => checkSafeId("../../x", "chunk_id")).toThrow(
      /^chunk_id: "..\/..\/x" is not a valid id/,
    );
  });
});

describe("safeJoin", () => {
  const root = resolve("/tmp/out-root");

  it("joins inside the root", () => {
    expect(safeJoin(root, "trace_1", "chunks", "c1.json")).toBe(
      join(root, "trace_1/chunks/c1.json"),
    );
  });

  it("refuses every way out of the root", () => {
    for (const parts of [["../x"], ["a", "../../x"], ["/etc/passwd"], [".."], ["a\0b"]]) {
      const attempt = () => safeJoin(root, ...parts);
      expect(attempt).toThrow(TracemillError);
      expect(attempt).toThrow(/would leave/);
    }
  });
});
