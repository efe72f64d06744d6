import type { DevtraceStepEvent } from "./step-events.js";

/**
 * Human-readable renderings of events, shared by the sealed Trace (note text) and the judge's
 * prompt, so both describe an event the same way.
 */
const rationaleLabels = [
  ["plan", "Plan"],
  ["hypothesis", "Hypothesis"],
  ["observation", "Observation"],
  ["decision", "Decision"],
  ["next_step", "Next step"],
] as const;

/** "Plan: …\nHypothesis: …\n<freeform>"; empty when the text was withheld (no consent). */
export function rationaleText(
  event: Pick<Extract<DevtraceStepEvent, { type: "rationale_note" }>, "structured" | "freeform">,
): string {
  const lines: string[] = [];
  for (const [key, label] of rationaleLabels) {
    const value = event.structured[key];
    if (value !== undefined && value.trim().length > 0) lines.push(`${label}: ${value.trim()}`);
  }
  if (event.freeform !== undefined && event.freeform.trim().length > 0) {
    lines.push(event.freeform.trim());
  }
  return lines.join("\n");
}

/** One compact line per event for prompts and logs; long text is cut to `maxText` characters. */
/** Takes a wire event or the same event read back from its step (step-events.ts). */
export function describeEvent(event: DevtraceStepEvent, maxText = 300): string {
  const head = `#${event.seq} ${event.type}`;
  switch (event.type) {
    case "file_edit": {
      const { added, removed } = diffLineCounts(event.diff_unified);
      return `${head} ${event.file_path} (+${added}/-${removed})${event.diff_unified.length > 0 ? `\n${cap(event.diff_unified, maxText)}` : ""}`;
    }
    case "cmd_run":
      return `${head} $ ${cap(event.cmd, maxText)} (exit ${event.exit_code}${event.cwd === undefined ? "" : `, cwd ${event.cwd}`})`;
    case "test_run":
      return `${head} ${event.framework}${event.selection === undefined ? "" : ` ${event.selection}`}: ${event.num_passed} passed, ${event.num_failed} failed${event.failed_tests !== undefined && event.failed_tests.length > 0 ? ` (${cap(event.failed_tests.join(", "), maxText)})` : ""}`;
    case "commit":
      return `${head} ${event.sha}: ${cap(event.message, maxText)}`;
    case "code_change": {
      const files = cap((event.files_changed ?? []).join(", "), maxText) || "(files not named)";
      const diff = event.diff_unified ?? "";
      const { added, removed } = diffLineCounts(diff);
      const counts = `+${event.lines_added ?? added}/-${event.lines_removed ?? removed}`;
      return `${head} ${files} (${counts})${diff.length > 0 ? `\n${cap(diff, maxText)}` : ""}`;
    }
    case "rationale_note": {
      const text = rationaleText(event);
      return `${head} ${text.length === 0 ? "(text withheld)" : cap(text.replaceAll("\n", " | "), maxText)}`;
    }
  }
}

export function diffLineCounts(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diff.split("\n")) {
    if (line.startsWith("+++") || line.startsWith("---")) continue;
    if (line.startsWith("+")) added += 1;
    else if (line.startsWith("-")) removed += 1;
  }
  return { added, removed };
}

function cap(text: string, length: number): string {
  return text.length <= length
    ? text
    : `${text.slice(0, length)}… [${text.length - length} more chars]`;
}
