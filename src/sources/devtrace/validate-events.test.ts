import { describe, expect, it } from "vitest";
import { validateChunkEvents } from "./validate-events.js";

const cmd = (overrides: Record<string, unknown> = {}) => ({
  id: "e1",
  seq: 1,
  ts_client_s: 100,
  type: "cmd_run",
  cmd: "pytest -q",
  exit_code: 0,
  ...overrides,
});

describe("validateChunkEvents", () => {
  it("accepts every event type and returns them parsed", () => {
    const result = validateChunkEvents([
      cmd(),
      {
        id: "e2",
        seq: 2,
        ts_client_s: 101,
        type: "file_edit",
        file_path: "a.py",
        diff_unified: "-a\n+b\n",
      },
      {
        id: "e3",
        seq: 3,
        ts_client_s: 102,
        type: "test_run",
        framework: "pytest",
        num_passed: 1,
        num_failed: 0,
      },
      { id: "e4", seq: 4, ts_client_s: 103, type: "commit", sha: "abc", message: "fix" },
      { id: "e5", seq: 5, ts_client_s: 104, type: "rationale_note", freeform: "thinking" },
    ]);
    expect(result.errors).toEqual([]);
    expect(result.events.map((event) => event.type)).toEqual([
      "cmd_run",
      "file_edit",
      "test_run",
      "commit",
      "rationale_note",
    ]);
    // structured is optional on the wire and always present once parsed
    expect(result.events[4]).toMatchObject({ structured: {}, freeform: "thinking" });
  });

  it("names the index, id and field of a wrong type", () => {
    const result = validateChunkEvents([cmd(), cmd({ id: "e9", seq: 9, exit_code: 1.5 })]);
    expect(result.events).toHaveLength(1);
    expect(result.errors).toEqual([
      {
        index: 1,
        event_id: "e9",
        message: "events[1].exit_code: expected integer, got number 1.5",
      },
    ]);
  });

  it("names a missing required field", () => {
    const { exit_code: _dropped, ...withoutExit } = cmd();
    const result = validateChunkEvents([withoutExit]);
    expect(result.errors[0]?.message).toBe("events[0].exit_code: expected number (required)");
  });

  it("refuses an unknown event type by name", () => {
    const result = validateChunkEvents([
      cmd(),
      { id: "x", seq: 2, ts_client_s: 1, type: "keystroke" },
    ]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ index: 1, event_id: "x" });
    expect(result.errors[0]?.message).toContain("unknown event type 'keystroke'");
  });

  it("names an unknown field in strict mode (--strict-events)", () => {
    const result = validateChunkEvents([cmd({ shell: "zsh" })], { strict: true });
    expect(result.errors).toEqual([
      { index: 0, event_id: "e1", message: "events[0].shell: unknown field 'shell'" },
    ]);
  });

  it("keeps unknown fields on known types by default, as the reference server does (issue 15)", () => {
    const edit = {
      id: "e2",
      seq: 2,
      ts_client_s: 101,
      type: "file_edit",
      file_path: "a.py",
      diff_unified: "-a\n+b\n",
      files_changed: ["a.py", "b.py"],
      editor: { name: "vscode", version: "1.90" },
    };
    const result = validateChunkEvents([cmd({ shell: "zsh" }), edit]);
    expect(result.errors).toEqual([]);
    expect(result.events[0]).toMatchObject({ shell: "zsh", cmd: "pytest -q" });
    expect(result.events[1]).toMatchObject({
      files_changed: ["a.py", "b.py"],
      editor: { name: "vscode", version: "1.90" },
    });
  });

  it("accepts the reference's code_change type: files_changed typed, extras kept", () => {
    const change = {
      id: "c1",
      seq: 3,
      ts_client_s: 102,
      type: "code_change",
      files_changed: ["calculator.py", "tests/test_calculator.py"],
      diff_unified: "-a\n+b\n",
      lines_added: 1,
      editor: "vscode",
    };
    const result = validateChunkEvents([change]);
    expect(result.errors).toEqual([]);
    expect(result.events[0]).toEqual(change);

    const mistyped = validateChunkEvents([{ ...change, files_changed: "calculator.py" }]);
    expect(mistyped.errors[0]?.message).toBe("events[0].files_changed: expected array, got string");
    const strict = validateChunkEvents([change], { strict: true });
    expect(strict.errors.map((error) => error.message)).toEqual([
      "events[0].editor: unknown field 'editor'",
    ]);
    const { editor: _editor, ...known } = change;
    expect(validateChunkEvents([known], { strict: true }).errors).toEqual([]);
  });

  it("known fields keep their types when unknown ones are accepted", () => {
    const result = validateChunkEvents([cmd({ exit_code: "0", extra: 1 })]);
    expect(result.errors).toEqual([
      { index: 0, event_id: "e1", message: "events[0].exit_code: expected number, got string" },
    ]);
  });

  it("an unknown field named like an object property is kept as plain data", () => {
    const raw = JSON.parse(
      '{"id":"e1","seq":1,"ts_client_s":1,"type":"cmd_run","cmd":"ls","exit_code":0,"__proto__":{"x":1},"toString":null}',
    );
    const result = validateChunkEvents([raw]);
    expect(result.errors).toEqual([]);
    const event = result.events[0] as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(JSON.stringify(event)).toContain('"__proto__":{"x":1}');
  });

  it("refuses a client time past year 9999 or a huge number (they broke complete later)", () => {
    const result = validateChunkEvents([cmd({ ts_client_s: 1e308 })]);
    expect(result.errors[0]?.message).toMatch(/^events\[0\]\.ts_client_s: expected Unix seconds/);
  });

  it("names nested paths inside structured rationale and arrays", () => {
    const result = validateChunkEvents([
      { id: "n", seq: 0, ts_client_s: 1, type: "rationale_note", structured: { plan: 3 } },
      {
        id: "t",
        seq: 1,
        ts_client_s: 1,
        type: "test_run",
        framework: "pytest",
        num_passed: 0,
        num_failed: 1,
        failed_tests: ["ok", 7],
      },
    ]);
    expect(result.errors.map((error) => error.message)).toEqual([
      "events[0].structured.plan: expected string, got number",
      "events[1].failed_tests[1]: expected string, got number",
    ]);
  });

  it("reports non-objects without an id", () => {
    const result = validateChunkEvents(["nope", null]);
    expect(result.errors).toEqual([
      { index: 0, message: "events[0]: expected an object, got string" },
      { index: 1, message: "events[1]: expected an object, got null" },
    ]);
  });

  it("reports duplicate ids and seqs inside one chunk", () => {
    const result = validateChunkEvents([cmd(), cmd({ seq: 2 }), cmd({ id: "e3" })]);
    expect(result.events).toHaveLength(1);
    expect(result.errors.map((error) => error.message)).toEqual([
      "events[1].id: duplicate event id 'e1' (also events[0])",
      "events[2].seq: duplicate seq 1 (also events[0])",
    ]);
  });

  it("treats null in an optional field as absent but refuses null in a required one", () => {
    const ok = validateChunkEvents([cmd({ cwd: null, stdout_ref: null })]);
    expect(ok.errors).toEqual([]);
    expect(ok.events[0]).not.toHaveProperty("cwd");
    const bad = validateChunkEvents([cmd({ cmd: null })]);
    expect(bad.errors[0]?.message).toBe("events[0].cmd: expected string, got null");
  });

  it("accepts the reference client's blob reference objects", () => {
    const ref = { uri: "s3://bucket/out.txt", sha256: "ab".repeat(32), size_bytes: 12 };
    const result = validateChunkEvents([cmd({ stdout_ref: ref })]);
    expect(result.errors).toEqual([]);
    expect(result.events[0]).toMatchObject({ stdout_ref: ref });
  });

  it("overwrites nothing and keeps a client ts_server_s for the server to replace", () => {
    const result = validateChunkEvents([cmd({ ts_server_s: 5 })]);
    expect(result.events[0]?.ts_server_s).toBe(5);
  });
});
