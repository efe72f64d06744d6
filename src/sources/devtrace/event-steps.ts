import type { Rationale, Step } from "../../core/trace.js";
import { rationaleText } from "./event-text.js";
import type { DevtraceEvent } from "./events.js";

/**
 * One developer-trace event as a Trace step, shared by the sealed trace (seal.ts) and the
 * chunk-folder reader: edits, commands, test runs and commits are actions; notes are note steps
 * whose structured parts ride in `rationale`. `t` is seconds from the first event on the client
 * clock, `time` the client clock itself, `origin.seq` the event's seq: everything the judge and
 * the SFT builder need, so they read steps (step-events.ts), never the raw events in `meta`.
 */
export function devtraceStepOf(
  event: DevtraceEvent,
  index: number,
  firstTs: number,
  origin: Step["origin"],
): Step {
  const base = {
    index,
    t: roundSeconds(event.ts_client_s - firstTs),
    time: event.ts_client_s,
    actor: "human" as const,
    origin: { ...origin, seq: event.seq },
  };
  switch (event.type) {
    case "file_edit":
      return {
        ...base,
        kind: "action",
        action: {
          type: "edit",
          path: event.file_path,
          ...(event.diff_unified.length > 0 ? { diff: event.diff_unified } : {}),
          ...(event.language === undefined ? {} : { language: event.language }),
        },
      };
    case "cmd_run":
      return {
        ...base,
        kind: "action",
        action: {
          type: "command",
          command: event.cmd,
          exitCode: event.exit_code,
          ...(event.cwd === undefined ? {} : { cwd: event.cwd }),
        },
      };
    case "test_run":
      return {
        ...base,
        kind: "action",
        action: {
          type: "test",
          framework: event.framework,
          ...(event.selection === undefined ? {} : { selection: event.selection }),
          passed: event.num_passed,
          failed: event.num_failed,
          ...(event.failed_tests === undefined ? {} : { failedTests: event.failed_tests }),
        },
      };
    case "commit":
      return {
        ...base,
        kind: "action",
        action: {
          type: "commit",
          sha: event.sha,
          message: event.message,
          ...(event.parent_sha === undefined ? {} : { parentSha: event.parent_sha }),
        },
      };
    case "code_change":
      return {
        ...base,
        kind: "action",
        action: {
          type: "edit",
          path: (event.files_changed ?? []).join(", "),
          files: event.files_changed ?? [],
          ...(event.diff_unified === undefined ? {} : { diff: event.diff_unified }),
          ...(event.description === undefined ? {} : { description: event.description }),
          ...(event.lines_added === undefined ? {} : { linesAdded: event.lines_added }),
          ...(event.lines_removed === undefined ? {} : { linesRemoved: event.lines_removed }),
        },
      };
    case "rationale_note": {
      const text = rationaleText(event);
      const rationale = rationaleOf(event);
      return {
        ...base,
        kind: "note",
        ...(text.length === 0 ? {} : { text }),
        ...(rationale === undefined ? {} : { rationale }),
      };
    }
  }
}

function rationaleOf(
  event: Extract<DevtraceEvent, { type: "rationale_note" }>,
): Rationale | undefined {
  const parts: Rationale = {};
  for (const [key, value] of Object.entries(event.structured)) {
    if (value !== undefined) parts[key as keyof Rationale] = value;
  }
  if (event.freeform !== undefined) parts.freeform = event.freeform;
  return Object.keys(parts).length === 0 ? undefined : parts;
}

/** Client clocks carry float noise (0.30000000000000004 s); milliseconds are plenty for steps. */
function roundSeconds(value: number): number {
  return Math.round(value * 1000) / 1000;
}
