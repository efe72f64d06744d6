import { describe, expect, it } from "vitest";
import { craft, makeRecord, storedChunk, testHmacKey } from "./__fixtures__/devtrace-fixtures.js";
import type { DevtraceEvent } from "./events.js";
import { finalPatchOf } from "./final-patch.js";
import { sealDevtrace } from "./seal.js";

function traceOf(events: DevtraceEvent[]) {
  return sealDevtrace({
    record: makeRecord(),
    chunks: [storedChunk("c", 0, events)],
    artifacts: [],
    key: testHmacKey,
  }).trace;
}

describe("finalPatchOf", () => {
  it("returns the last commit's diff when a commit carries one", () => {
    const trace = traceOf([
      craft.edit(0, "a.py", "x", "y"),
      craft.commit(1, "first", "--- a/a.py\n+++ b/a.py\n-x\n+y"),
      craft.edit(2, "b.py", "p", "q"),
      craft.commit(3, "second", "--- a/b.py\n+++ b/b.py\n-p\n+q\n"),
      craft.commit(4, "empty commit", ""),
    ]);
    expect(finalPatchOf(trace)).toBe("--- a/b.py\n+++ b/b.py\n-p\n+q\n");
  });

  it("concatenates the file_edit diffs in seq order when no commit has a diff", () => {
    const trace = traceOf([
      craft.edit(5, "b.py", "p", "q"),
      craft.commit(6, "no diff"),
      craft.edit(2, "a.py", "x", "y"),
    ]);
    expect(finalPatchOf(trace)).toBe(
      "--- a.py\n+++ a.py\n@@ -1,1 +1,1 @@\n-x\n+y\n--- b.py\n+++ b.py\n@@ -1,1 +1,1 @@\n-p\n+q\n",
    );
  });

  it("reads events that carry extra fields, and code_change diffs, in seq order", () => {
    const edit = { ...craft.edit(0, "a.py", "x", "y"), files_changed: ["a.py"] } as DevtraceEvent;
    const change = {
      id: "cc",
      seq: 1,
      ts_client_s: 1_700_000_001,
      type: "code_change",
      files_changed: ["b.py"],
      diff_unified: "--- b.py\n+++ b.py\n-p\n+q\n",
      client_version: "0.3.1",
    } as DevtraceEvent;
    expect(finalPatchOf(traceOf([edit, change]))).toBe(
      "--- a.py\n+++ a.py\n@@ -1,1 +1,1 @@\n-x\n+y\n--- b.py\n+++ b.py\n-p\n+q\n",
    );
  });

  it("is undefined when the trace holds no diff (e.g. code consent withheld)", () => {
    const withheld = { ...craft.edit(0, "a.py", "x", "y"), diff_unified: "" } as DevtraceEvent;
    expect(finalPatchOf(traceOf([withheld, craft.test(1, 1, 0)]))).toBeUndefined();
    expect(finalPatchOf(traceOf([]))).toBeUndefined();
  });
});
