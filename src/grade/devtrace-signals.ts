import type { Trace } from "../core/trace.js";
import {
  type DevtraceStepEvent as DevtraceEvent,
  devtraceStepEvents,
} from "../sources/devtrace/step-events.js";
import type { VerifyResult } from "../verify/types.js";
import { type DangerousCommandMatch, findDangerousCommand } from "./devtrace-dangerous.js";

/**
 * The measurable signals of a debugging process, read from a devtrace's steps (their events as
 * step-events.ts gives them back, never the raw events in `meta`): the offline judge scores from
 * them and both judges report them. Pure; no model.
 */
export interface DevtraceSignals {
  num_events: number;
  num_edits: number;
  num_commands: number;
  num_test_runs: number;
  num_notes: number;
  num_commits: number;
  duration_s: number;
  /** Outcome: the sandbox verification when it ran, else the last test run after the last edit. */
  tests_pass_after_last_edit: boolean | null;
  tests_pass_source: "verification" | "last_test_run" | "none";
  verification_tests_passed: boolean | null;
  last_test_run_after_last_edit: { passed: number; failed: number } | null;
  /** Rationale text was withheld (no rationale consent): understanding cannot be judged from notes. */
  rationale_withheld: boolean;
  hypothesis_before_first_edit: boolean;
  plan_before_first_edit: boolean;
  /** A failing test run or test command before the first edit. */
  failure_reproduced_before_edit: boolean;
  hypotheses: number;
  observations: number;
  decisions: number;
  /** Observation notes that follow a test run or command output (before the next edit). */
  observations_linked_to_output: number;
  edit_bursts: number;
  /** Edit bursts followed by a test run or test command before the next edit. */
  bursts_followed_by_test: number;
  targeted_test_runs: number;
  files_touched: number;
  /** Edits beyond the first to each file. */
  repeated_file_edits: number;
  /** Edits that undo an earlier edit to the same file (its added and removed lines swapped). */
  reverted_edits: number;
  failed_commands: number;
  /** cmd_run events that carry a cwd (exit codes are always recorded), so they can be replayed. */
  replayable_commands: number;
  dangerous_commands: { seq: number; rule: string; command: string }[];
  /** Secrets that were redacted out of commands, diffs or commit messages. */
  secrets_in_commands: number;
  secrets_in_code: number;
}

const testCommand =
  /\b(?:pytest|py\.test|jest|vitest|mocha|go\s+test|cargo\s+test|npm\s+(?:run\s+)?test|yarn\s+test|pnpm\s+(?:run\s+)?test|unittest|tox|rspec|phpunit|mvn\s+test|gradle\s+test|make\s+test|ctest)\b/;
const redactionMarker = /\[REDACTED:[^\]]+\]/g;

export function measureDevtrace(trace: Trace, verification?: VerifyResult): DevtraceSignals {
  const events = devtraceStepEvents(trace);
  const consent = trace.meta.consent as { rationale?: boolean } | undefined;
  const firstEditIndex = events.findIndex((event) => event.type === "file_edit");
  const beforeFirstEdit = firstEditIndex === -1 ? events : events.slice(0, firstEditIndex);
  const lastEditIndex = findLastIndex(events, (event) => event.type === "file_edit");
  const notes = events.filter(isNote);

  const afterLastEdit = lastEditIndex === -1 ? events : events.slice(lastEditIndex + 1);
  const lastTest = [...afterLastEdit].reverse().find(isTestRun);
  const verificationPassed = verification?.tests_passed ?? null;
  let outcome: boolean | null = null;
  let outcomeSource: DevtraceSignals["tests_pass_source"] = "none";
  if (verificationPassed !== null) {
    outcome = verificationPassed;
    outcomeSource = "verification";
  } else if (lastTest !== undefined) {
    outcome = lastTest.num_failed === 0 && lastTest.num_passed > 0;
    outcomeSource = "last_test_run";
  }

  const bursts = editBursts(events);
  const churn = measureChurn(events);
  const dangerous: DevtraceSignals["dangerous_commands"] = [];
  let secretsInCommands = 0;
  let secretsInCode = 0;
  for (const event of events) {
    if (event.type === "cmd_run") {
      for (const match of findDangerousCommand(event.cmd) as DangerousCommandMatch[]) {
        dangerous.push({ seq: event.seq, rule: match.rule, command: match.command });
      }
      secretsInCommands += countMarkers(event.cmd);
    } else if (event.type === "file_edit") {
      secretsInCode += countMarkers(addedLines(event.diff_unified));
    } else if (event.type === "commit") {
      secretsInCode += countMarkers(event.message);
    }
  }

  const first = events[0];
  const last = events.at(-1);
  return {
    num_events: events.length,
    num_edits: events.filter((event) => event.type === "file_edit").length,
    num_commands: events.filter((event) => event.type === "cmd_run").length,
    num_test_runs: events.filter((event) => event.type === "test_run").length,
    num_notes: notes.length,
    num_commits: events.filter((event) => event.type === "commit").length,
    duration_s:
      first === undefined || last === undefined
        ? 0
        : Math.max(0, round(last.ts_client_s - first.ts_client_s)),
    tests_pass_after_last_edit: outcome,
    tests_pass_source: outcomeSource,
    verification_tests_passed: verificationPassed,
    last_test_run_after_last_edit:
      lastTest === undefined ? null : { passed: lastTest.num_passed, failed: lastTest.num_failed },
    rationale_withheld: consent?.rationale === false,
    hypothesis_before_first_edit: beforeFirstEdit.some(
      (event) => isNote(event) && hasText(event.structured.hypothesis),
    ),
    plan_before_first_edit: beforeFirstEdit.some(
      (event) =>
        isNote(event) &&
        (hasText(event.structured.plan) ||
          hasText(event.structured.next_step) ||
          hasText(event.freeform)),
    ),
    failure_reproduced_before_edit: firstEditIndex !== -1 && beforeFirstEdit.some(isFailingCheck),
    hypotheses: notes.filter((note) => hasText(note.structured.hypothesis)).length,
    observations: notes.filter((note) => hasText(note.structured.observation)).length,
    decisions: notes.filter((note) => hasText(note.structured.decision)).length,
    observations_linked_to_output: linkedObservations(events),
    edit_bursts: bursts.total,
    bursts_followed_by_test: bursts.tested,
    targeted_test_runs: events.filter(
      (event) => event.type === "test_run" && hasText(event.selection),
    ).length,
    files_touched: churn.files,
    repeated_file_edits: churn.repeated,
    reverted_edits: churn.reverted,
    failed_commands: events.filter((event) => event.type === "cmd_run" && event.exit_code !== 0)
      .length,
    replayable_commands: events.filter((event) => event.type === "cmd_run" && hasText(event.cwd))
      .length,
    dangerous_commands: dangerous,
    secrets_in_commands: secretsInCommands,
    secrets_in_code: secretsInCode,
  };
}

type NoteEvent = Extract<DevtraceEvent, { type: "rationale_note" }>;
type TestRunEvent = Extract<DevtraceEvent, { type: "test_run" }>;

function isNote(event: DevtraceEvent): event is NoteEvent {
  return event.type === "rationale_note";
}

function isTestRun(event: DevtraceEvent): event is TestRunEvent {
  return event.type === "test_run";
}

function isTestCheck(event: DevtraceEvent): boolean {
  return event.type === "test_run" || (event.type === "cmd_run" && testCommand.test(event.cmd));
}

function isFailingCheck(event: DevtraceEvent): boolean {
  if (event.type === "test_run") return event.num_failed > 0;
  return event.type === "cmd_run" && testCommand.test(event.cmd) && event.exit_code !== 0;
}

function hasText(value: string | undefined): boolean {
  return value !== undefined && value.trim().length > 0;
}

/** An observation counts as linked when output (a test run or a command) came since the last note or edit. */
function linkedObservations(events: readonly DevtraceEvent[]): number {
  let sawOutput = false;
  let linked = 0;
  for (const event of events) {
    if (event.type === "test_run" || event.type === "cmd_run") sawOutput = true;
    else if (event.type === "file_edit") sawOutput = false;
    else if (isNote(event) && hasText(event.structured.observation)) {
      if (sawOutput) linked += 1;
      sawOutput = false;
    }
  }
  return linked;
}

/** Bursts are runs of edits not separated by a test check; each should end in one. */
function editBursts(events: readonly DevtraceEvent[]): { total: number; tested: number } {
  let total = 0;
  let tested = 0;
  let open = false;
  for (const event of events) {
    if (event.type === "file_edit") {
      if (!open) total += 1;
      open = true;
    } else if (open && isTestCheck(event)) {
      tested += 1;
      open = false;
    }
  }
  return { total, tested };
}

function measureChurn(events: readonly DevtraceEvent[]): {
  files: number;
  repeated: number;
  reverted: number;
} {
  const byFile = new Map<string, { added: string[]; removed: string[] }[]>();
  let reverted = 0;
  for (const event of events) {
    if (event.type !== "file_edit") continue;
    const change = changedLines(event.diff_unified);
    const history = byFile.get(event.file_path) ?? [];
    if (
      change.added.length + change.removed.length > 0 &&
      history.some(
        (earlier) =>
          sameLines(earlier.added, change.removed) && sameLines(earlier.removed, change.added),
      )
    ) {
      reverted += 1;
    }
    history.push(change);
    byFile.set(event.file_path, history);
  }
  let repeated = 0;
  for (const history of byFile.values()) repeated += history.length - 1;
  return { files: byFile.size, repeated, reverted };
}

function changedLines(diff: string): { added: string[]; removed: string[] } {
  const added: string[] = [];
  const removed: string[] = [];
  for (const line of diff.split("\n")) {
    if (line.startsWith("+++") || line.startsWith("---")) continue;
    if (line.startsWith("+")) added.push(line.slice(1).trim());
    else if (line.startsWith("-")) removed.push(line.slice(1).trim());
  }
  return { added, removed };
}

function addedLines(diff: string): string {
  return changedLines(diff).added.join("\n");
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sortedA = [...a].sort();
  const sortedB = [...b].sort();
  return sortedA.every((line, index) => line === sortedB[index]);
}

function countMarkers(text: string): number {
  return text.match(redactionMarker)?.length ?? 0;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index];
    if (item !== undefined && predicate(item)) return index;
  }
  return -1;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
