import type { Trace } from "../../core/trace.js";
import type { DevtraceEvent } from "./events.js";
import { validateChunkEvents } from "./validate-events.js";

/**
 * The change a developer trace ends with, for verification when there is no workspace snapshot:
 * the last commit's diff when it carries one, else every file_edit / code_change diff in seq
 * order. Undefined when the trace holds no diff at all (e.g. code consent was withheld).
 */
export function finalPatchOf(trace: Trace): string | undefined {
  const events = devtraceEventsOf(trace);
  const lastCommit = events
    .filter((event) => event.type === "commit")
    .findLast((event) => event.diff_unified !== undefined && event.diff_unified.trim() !== "");
  if (lastCommit?.diff_unified !== undefined) return withNewline(lastCommit.diff_unified);
  const edits: string[] = [];
  for (const event of events) {
    if (event.type !== "file_edit" && event.type !== "code_change") continue;
    const diff = event.diff_unified ?? "";
    if (diff.trim() !== "") edits.push(withNewline(diff));
  }
  return edits.length === 0 ? undefined : edits.join("");
}

/**
 * The stored events of a sealed devtrace, ordered by seq, with the extra fields a client sent
 * (`files_changed`, `client_version`); entries that do not parse are skipped.
 */
export function devtraceEventsOf(trace: Trace): DevtraceEvent[] {
  const raw = Array.isArray(trace.meta.events) ? trace.meta.events : [];
  const events: DevtraceEvent[] = [];
  for (const item of raw) {
    // One at a time, so an entry that does not parse (or repeats an id) skips only itself.
    const parsed = validateChunkEvents([item]);
    events.push(...parsed.events);
  }
  return events.sort((a, b) => a.seq - b.seq);
}

function withNewline(diff: string): string {
  return diff.endsWith("\n") ? diff : `${diff}\n`;
}
