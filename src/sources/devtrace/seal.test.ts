import { describe, expect, it } from "vitest";
import { TracemillError } from "../../core/errors.js";
import { verifyHashChain } from "../../core/hash-chain.js";
import { traceSchema } from "../../core/trace.js";
import { craft, makeRecord, storedChunk, testHmacKey } from "./__fixtures__/devtrace-fixtures.js";
import type { DevtraceEvent } from "./events.js";
import { sealDevtrace } from "./seal.js";

const stamp = (event: DevtraceEvent, server = 2000): DevtraceEvent => ({
  ...event,
  ts_server_s: server,
});

describe("sealDevtrace", () => {
  it("merges chunks by chunk_seq, orders events by seq and maps each event to a step", () => {
    const late = storedChunk("c-late", 1, [
      stamp(craft.edit(4, "calc.py", "return a + b", "return a * b")),
      stamp(craft.test(5, 5, 0)),
      stamp(craft.commit(6, "fix multiply", "+return a * b\n")),
    ]);
    const early = storedChunk(
      "c-early",
      0,
      [
        stamp(craft.cmd(2, "pytest -q", 1)),
        stamp(craft.note(1, { plan: "run tests", hypothesis: "adds instead of multiplies" })),
      ],
      [{ key: "stdout_e2", type: "stdout", event_id: "e2", sha256: "a".repeat(64), bytes: 10 }],
    );
    const { trace, numEvents } = sealDevtrace({
      record: makeRecord(),
      chunks: [late, early],
      artifacts: [
        {
          key: "workspace_snapshot",
          type: "workspace_snapshot",
          sha256: "b".repeat(64),
          bytes: 99,
        },
      ],
      key: testHmacKey,
      keyId: "k1",
    });
    expect(numEvents).toBe(5);
    expect(() => traceSchema.parse(trace)).not.toThrow();
    expect(trace).toMatchObject({
      schema: "tracemill.trace/v1",
      id: "trace_test_001",
      kind: "devtrace",
      source: { format: "devtrace/v1" },
      task: { id: "task-calc-001", title: "Fix multiply function in calculator" },
      actor: { id: "participant-7" },
      integrity: { algorithm: "hmac-sha256-chain", keyId: "k1" },
    });
    expect(trace.source.files.map((file) => file.path)).toEqual(["chunk:c-early", "chunk:c-late"]);
    expect(trace.steps.map((step) => [step.kind, step.action?.type ?? "-"])).toEqual([
      ["note", "-"],
      ["action", "command"],
      ["action", "edit"],
      ["action", "test"],
      ["action", "commit"],
    ]);
    expect(trace.steps[0]).toMatchObject({
      index: 0,
      t: 0,
      actor: "human",
      text: "Plan: run tests\nHypothesis: adds instead of multiplies",
      origin: { file: "chunk:c-early", offset: 1 },
    });
    expect(trace.steps[1]).toMatchObject({
      t: 1,
      action: { type: "command", command: "pytest -q", cwd: "/workspace", exitCode: 1 },
      origin: { file: "chunk:c-early", offset: 0 },
    });
    expect(trace.steps[2]).toMatchObject({
      t: 3,
      action: { type: "edit", path: "calc.py" },
      origin: { file: "chunk:c-late", offset: 0 },
    });
    expect(trace.steps[3]?.action).toEqual({
      type: "test",
      framework: "pytest",
      passed: 5,
      failed: 0,
    });
    expect(trace.steps[4]?.action).toEqual({
      type: "commit",
      sha: "sha6",
      message: "fix multiply",
    });

    const events = trace.meta.events as DevtraceEvent[];
    expect(events.map((event) => event.seq)).toEqual([1, 2, 4, 5, 6]);
    expect(events.every((event) => event.ts_server_s === 2000)).toBe(true);
    expect(trace.meta).toMatchObject({
      repo_origin: "https://example.invalid/calculator.git",
      start_commit: "abc123def456",
      known_failing_tests: ["test_calculator.py::test_multiply"],
      consent: { rationale: true, outputs: true, code: true, training: true },
    });
    expect(trace.media).toEqual([
      { kind: "artifact", path: `sha256/${"a".repeat(64)}`, sha256: "a".repeat(64), bytes: 10 },
      { kind: "artifact", path: `sha256/${"b".repeat(64)}`, sha256: "b".repeat(64), bytes: 99 },
    ]);
    const links = trace.integrity?.links ?? [];
    expect(links).toHaveLength(5);
    expect(verifyHashChain(testHmacKey, events, links).ok).toBe(true);
    expect(verifyHashChain("another key", events, links).ok).toBe(false);
  });

  it("is deterministic: the same chunks seal to the same bytes", () => {
    const chunks = [storedChunk("c", 0, [stamp(craft.cmd(0, "ls")), stamp(craft.test(1, 1, 0))])];
    const first = sealDevtrace({ record: makeRecord(), chunks, artifacts: [], key: testHmacKey });
    const second = sealDevtrace({ record: makeRecord(), chunks, artifacts: [], key: testHmacKey });
    expect(JSON.stringify(second.trace)).toBe(JSON.stringify(first.trace));
  });

  it("refuses duplicate ids and seqs across chunks, naming them", () => {
    const chunks = [
      storedChunk("a", 0, [craft.cmd(1, "ls"), craft.cmd(2, "pwd")]),
      storedChunk("b", 1, [
        craft.cmd(1, "ls again"),
        { ...craft.cmd(4, "x"), id: "unique-id", seq: 2 },
      ]),
    ];
    let thrown: unknown;
    try {
      sealDevtrace({ record: makeRecord(), chunks, artifacts: [], key: testHmacKey });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TracemillError);
    const error = thrown as TracemillError;
    expect(error.code).toBe("input_invalid");
    expect(error.message).toBe("duplicate event ids: e1; duplicate seqs: 1, 2");
    expect(error.details).toEqual({ duplicate_ids: ["e1"], duplicate_seqs: [1, 2] });
  });

  it("seals an empty trace (only an empty final chunk) with an empty chain", () => {
    const { trace, numEvents } = sealDevtrace({
      record: makeRecord({
        repo_origin: undefined,
        start_commit: undefined,
        known_failing_tests: undefined,
      }),
      chunks: [storedChunk("final", 3, [])],
      artifacts: [],
      key: testHmacKey,
    });
    expect(numEvents).toBe(0);
    expect(trace.steps).toEqual([]);
    expect(trace.integrity?.links).toEqual([]);
    expect(trace.meta).not.toHaveProperty("repo_origin");
  });

  it("leaves the note text out when rationale was withheld", () => {
    const { trace } = sealDevtrace({
      record: makeRecord(),
      chunks: [storedChunk("c", 0, [craft.note(0, {})])],
      artifacts: [],
      key: testHmacKey,
    });
    expect(trace.steps[0]).toMatchObject({ kind: "note" });
    expect(trace.steps[0]).not.toHaveProperty("text");
  });
});
