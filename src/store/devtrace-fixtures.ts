import { createHash } from "node:crypto";
import type { Trace } from "../core/trace.js";
import type { CreateTraceRequest, DevtraceEvent } from "../sources/devtrace/events.js";

/** Small realistic devtrace data for the store's tests and benchmark. */

let counter = 0;

/** A unique trace id per call, so suites can share one database. */
export function newTraceId(label = "t"): string {
  counter += 1;
  return `dt_${label}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

export const createRequest: CreateTraceRequest = {
  participant_id: "participant-7",
  task_id: "task-calculator-div",
  task_title: "Fix division by zero in calculator",
  task_description: "divide(1, 0) should raise ValueError — not ZeroDivisionError",
  repo_origin: "https://example.invalid/calc.git",
  start_commit: "4f2a9c1",
  known_failing_tests: ["tests/test_calc.py::test_divide_by_zero"],
  consent: { rationale: true, outputs: false },
};

export function uploadFor(traceId: string, hoursValid = 24) {
  return {
    traceId,
    tokenSha256: createHash("sha256").update(`token-${traceId}`).digest("hex"),
    expiresAt: new Date(Date.now() + hoursValid * 3_600_000),
  };
}

/** `count` events of all five kinds starting at `firstSeq`, as the server stores them. */
export function makeEvents(firstSeq: number, count: number): DevtraceEvent[] {
  const events: DevtraceEvent[] = [];
  for (let offset = 0; offset < count; offset++) {
    const seq = firstSeq + offset;
    const base = {
      id: `ev-${seq}`,
      seq,
      ts_client_s: 1_700_000_000.125 + seq,
      ts_server_s: 1_700_000_000.5 + seq,
    };
    switch (seq % 5) {
      case 0:
        events.push({
          ...base,
          type: "file_edit",
          file_path: "calc/ops.py",
          language: "python",
          diff_unified: `@@ -1,2 +1,4 @@\n def divide(a, b):\n+    if b == 0:\n+        raise ValueError("b is zero ✓ #${seq}")\n`,
          buffer_hash_before: "aa11",
          buffer_hash_after: "bb22",
          edit_bytes: 61,
        });
        break;
      case 1:
        events.push({
          ...base,
          type: "cmd_run",
          cmd: "pytest -q",
          cwd: "/ws",
          exit_code: 1,
          duration_s: 0.731,
        });
        break;
      case 2:
        events.push({
          ...base,
          type: "test_run",
          framework: "pytest",
          num_passed: 3,
          num_failed: 1,
          failed_tests: ["tests/test_calc.py::test_divide_by_zero"],
        });
        break;
      case 3:
        events.push({
          ...base,
          type: "commit",
          sha: `c0ffee${seq}`,
          message: "Guard division\n\nby zero",
        });
        break;
      default:
        events.push({
          ...base,
          type: "rationale_note",
          structured: { hypothesis: "b == 0 is not checked", plan: "add a guard, rerun the test" },
          freeform: "línea 12 — «divide»",
        });
    }
  }
  return events;
}

/** A sealed devtrace with the awkward values a JSON round trip can lose. */
export function sealedTrace(traceId: string, events: DevtraceEvent[]): Trace {
  return {
    schema: "tracemill.trace/v1",
    id: traceId,
    kind: "devtrace",
    source: { format: "devtrace", files: [] },
    task: { id: "task-calculator-div", title: "Fix division by zero in calculator" },
    actor: { id: "participant-7", role: "developer" },
    steps: events.map((event, index) => ({
      index,
      t: event.ts_client_s - 1_700_000_000 + 0.1 + 0.2,
      actor: "human" as const,
      kind: "action" as const,
      text: `${event.type} \u2028 "quoted" \\ back`,
      origin: { file: `chunk_${index}.json`, offset: index },
    })),
    media: [],
    meta: {
      events,
      tiny: 1e-7,
      huge: 1.5e300,
      negative: -0.000123,
      integer: 9_007_199_254_740_991,
      emoji: "🔧 fix",
      nested: { z: [1, { b: null, a: true }], a: "" },
    },
    integrity: {
      algorithm: "hmac-sha256-chain",
      links: events.map((event, index) => ({
        index,
        hash: createHash("sha256").update(event.id).digest("hex"),
      })),
      keyId: "k1",
    },
  };
}
