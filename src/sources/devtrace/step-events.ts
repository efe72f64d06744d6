import type { Step, Trace } from "../../core/trace.js";

/**
 * A devtrace's steps as the judge, its prompt and the SFT builder see them: one record per event
 * step in step order, with the wire names the scoring rules were written against. Built from the
 * steps alone (event-steps.ts puts every field needed there), never from the raw events in `meta`.
 */
interface StepEventBase {
  seq: number;
  /** Client clock, Unix seconds. */
  ts_client_s: number;
}

export type DevtraceStepEvent =
  | (StepEventBase & {
      type: "file_edit";
      file_path: string;
      diff_unified: string;
      language?: string;
    })
  | (StepEventBase & { type: "cmd_run"; cmd: string; exit_code: number; cwd?: string })
  | (StepEventBase & {
      type: "test_run";
      framework: string;
      selection?: string;
      num_passed: number;
      num_failed: number;
      failed_tests?: string[];
    })
  | (StepEventBase & { type: "commit"; sha: string; parent_sha?: string; message: string })
  | (StepEventBase & {
      type: "code_change";
      files_changed?: string[];
      diff_unified?: string;
      description?: string;
      lines_added?: number;
      lines_removed?: number;
    })
  | (StepEventBase & {
      type: "rationale_note";
      structured: {
        plan?: string;
        hypothesis?: string;
        observation?: string;
        decision?: string;
        next_step?: string;
      };
      freeform?: string;
    });

export function devtraceStepEvents(trace: Trace): DevtraceStepEvent[] {
  return trace.steps.flatMap((step) => {
    const event = stepEventOf(step);
    return event === undefined ? [] : [event];
  });
}

export function stepEventOf(step: Step): DevtraceStepEvent | undefined {
  const base = { seq: step.origin.seq ?? step.index, ts_client_s: step.time ?? step.t };
  if (step.kind === "note") {
    const { freeform, ...structured } = step.rationale ?? {};
    return {
      ...base,
      type: "rationale_note",
      structured,
      ...(freeform === undefined ? {} : { freeform }),
    };
  }
  const action = step.action;
  switch (action?.type) {
    case "edit":
      if (action.files !== undefined)
        return {
          ...base,
          type: "code_change",
          files_changed: action.files,
          ...(action.diff === undefined ? {} : { diff_unified: action.diff }),
          ...(action.description === undefined ? {} : { description: action.description }),
          ...(action.linesAdded === undefined ? {} : { lines_added: action.linesAdded }),
          ...(action.linesRemoved === undefined ? {} : { lines_removed: action.linesRemoved }),
        };
      return {
        ...base,
        type: "file_edit",
        file_path: action.path,
        diff_unified: action.diff ?? "",
        ...(action.language === undefined ? {} : { language: action.language }),
      };
    case "command":
      return {
        ...base,
        type: "cmd_run",
        cmd: action.command,
        exit_code: action.exitCode ?? 0,
        ...(action.cwd === undefined ? {} : { cwd: action.cwd }),
      };
    case "test":
      return {
        ...base,
        type: "test_run",
        framework: action.framework ?? "unknown",
        ...(action.selection === undefined ? {} : { selection: action.selection }),
        num_passed: action.passed,
        num_failed: action.failed,
        ...(action.failedTests === undefined ? {} : { failed_tests: action.failedTests }),
      };
    case "commit":
      return {
        ...base,
        type: "commit",
        sha: action.sha,
        message: action.message,
        ...(action.parentSha === undefined ? {} : { parent_sha: action.parentSha }),
      };
    default:
      return undefined;
  }
}
