import type { Step } from "../../core/trace.js";
import { type Redactor, redactionMarker } from "../../model/redact.js";
import type { RedactionCounts } from "../../privacy/redact-trace.js";

/**
 * A secret typed in pieces (a password typed as two `type` steps around a pause, an API key split
 * by a Shift press) is whole only in the text the field received. Consecutive typing steps are
 * joined into that text and redacted as one; each match is written back as one marker in the step
 * where it starts, and its remaining characters are removed from the steps that follow. A run
 * goes on across steps without an action and key presses that add no text (modifiers alone,
 * Backspace, arrows); Enter, Tab, Escape and shortcuts (Ctrl/Cmd/Alt + key) end it.
 */
const runEndingKeys = new Set(["enter", "return", "tab", "escape", "esc", "kp_enter"]);
const shortcutModifiers = new Set([
  "ctrl",
  "control",
  "cmd",
  "command",
  "meta",
  "super",
  "win",
  "alt",
  "option",
]);

export function redactTypedRuns(
  steps: readonly Step[],
  redactor: Redactor,
  counts: RedactionCounts,
): Step[] {
  const result = [...steps];
  let run: number[] = [];
  const flush = () => {
    if (run.length > 1) rewriteRun(result, run, redactor, counts);
    run = [];
  };
  for (const [index, step] of steps.entries()) {
    const action = step.action;
    if (action?.type === "type") run.push(index);
    else if (action === undefined || (action.type === "key" && !endsTyping(action.keys))) continue;
    else flush();
  }
  flush();
  return result;
}

function endsTyping(keys: readonly string[]): boolean {
  const names = keys.map((key) => key.toLowerCase());
  if (names.some((name) => runEndingKeys.has(name))) return true;
  // A modifier with another key is a shortcut (paste, select all): the field's text changed.
  return names.length > 1 && names.some((name) => shortcutModifiers.has(name));
}

function rewriteRun(
  steps: Step[],
  run: readonly number[],
  redactor: Redactor,
  counts: RedactionCounts,
): void {
  const texts = run.map((index) => typedText(steps[index]));
  const spans = redactor.findSpans?.(texts.join("")) ?? [];
  if (spans.length === 0) return;
  for (const span of spans) {
    counts.total += 1;
    counts.byKind[span.rule] = (counts.byKind[span.rule] ?? 0) + 1;
  }
  let offset = 0;
  for (const [position, index] of run.entries()) {
    const text = texts[position] ?? "";
    const start = offset;
    const end = offset + text.length;
    offset = end;
    let rewritten = "";
    let copied = start;
    for (const span of spans) {
      if (span.end <= start || span.start >= end) continue;
      rewritten += text.slice(copied - start, Math.max(span.start, start) - start);
      if (span.start >= start) rewritten += redactionMarker(span.rule);
      copied = Math.min(span.end, end);
    }
    rewritten += text.slice(copied - start);
    const step = steps[index] as Step;
    if (rewritten !== text) steps[index] = { ...step, action: { type: "type", text: rewritten } };
  }
}

function typedText(step: Step | undefined): string {
  return step?.action?.type === "type" ? step.action.text : "";
}
