import { fileURLToPath } from "node:url";
import type { DevtraceRecord, StoredChunk } from "../../../store/types.js";
import type { DevtraceEvent } from "../events.js";

type Of<T extends DevtraceEvent["type"]> = Extract<DevtraceEvent, { type: T }>;

/** Builders shared by the devtrace tests: a store record and stored chunks with sensible defaults. */
export const sampleChunksDir = fileURLToPath(new URL("./sample-trace-chunks/", import.meta.url));

export const testHmacKey = "test-hmac-key-0123456789";

export function makeRecord(overrides: Partial<DevtraceRecord> = {}): DevtraceRecord {
  return {
    trace_id: "trace_test_001",
    participant_id: "participant-7",
    task_id: "task-calc-001",
    task_title: "Fix multiply function in calculator",
    task_description: "test_multiply fails: multiply(2, 3) returns 5",
    repo_origin: "https://example.invalid/calculator.git",
    start_commit: "abc123def456",
    known_failing_tests: ["test_calculator.py::test_multiply"],
    consent: { rationale: true, outputs: true, code: true, training: true },
    status: "ingesting",
    created_at: "2025-01-01T00:00:00.000Z",
    updated_at: "2025-01-01T00:00:00.000Z",
    num_events: 0,
    upload_token_sha256: "0".repeat(64),
    upload_token_expires_at: "2025-01-02T00:00:00.000Z",
    upload_token_revoked: false,
    ...overrides,
  };
}

export function storedChunk(
  chunkId: string,
  chunkSeq: number,
  events: DevtraceEvent[],
  artifacts: StoredChunk["artifacts"] = [],
): StoredChunk {
  return {
    chunk_id: chunkId,
    chunk_seq: chunkSeq,
    events,
    artifacts,
    received_at: "2025-01-01T00:00:00.000Z",
  };
}

/** Minimal valid events for crafted traces; `seq` doubles as the client clock offset. */
export const craft = {
  note(seq: number, structured: Record<string, string>, freeform?: string): Of<"rationale_note"> {
    return {
      id: `e${seq}`,
      seq,
      ts_client_s: 1000 + seq,
      type: "rationale_note",
      structured,
      ...(freeform === undefined ? {} : { freeform }),
    };
  },
  cmd(seq: number, cmd: string, exitCode = 0, cwd: string | undefined = "/workspace"): Of<"cmd_run"> {
    return {
      id: `e${seq}`,
      seq,
      ts_client_s: 1000 + seq,
      type: "cmd_run",
      cmd,
      exit_code: exitCode,
      ...(cwd === undefined ? {} : { cwd }),
    };
  },
  test(seq: number, passed: number, failed: number, selection?: string): Of<"test_run"> {
    return {
      id: `e${seq}`,
      seq,
      ts_client_s: 1000 + seq,
      type: "test_run",
      framework: "pytest",
      num_passed: passed,
      num_failed: failed,
      ...(selection === undefined ? {} : { selection }),
    };
  },
  edit(seq: number, file: string, removed: string, added: string): Of<"file_edit"> {
    return {
      id: `e${seq}`,
      seq,
      ts_client_s: 1000 + seq,
      type: "file_edit",
      file_path: file,
      diff_unified: `--- ${file}\n+++ ${file}\n@@ -1,1 +1,1 @@\n-${removed}\n+${added}\n`,
    };
  },
  commit(seq: number, message: string, diff?: string): Of<"commit"> {
    return {
      id: `e${seq}`,
      seq,
      ts_client_s: 1000 + seq,
      type: "commit",
      sha: `sha${seq}`,
      message,
      ...(diff === undefined ? {} : { diff_unified: diff }),
    };
  },
};
