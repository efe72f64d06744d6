import type { Trace } from "../../core/trace.js";
import type { SftMessage } from "../../format/sft-message.js";
import type { Redactor } from "../../model/redact.js";
import {
  countedTextRedaction,
  emptyRedactionCounts,
  type RedactionCounts,
  redactTrace,
} from "../../privacy/redact-trace.js";
import { redactTypedRuns } from "./redact-typed-runs.js";

/**
 * The screen path's privacy boundary: a session's text (typed text, window titles, click target
 * labels, the quest, web messages, commands, adapter meta) is redacted once, right after it is
 * read and before any file is written, so trace.json, results.json, sft*.json, the previews and
 * scores.json all derive from the redacted trace. The Trace itself goes through redactTrace (the
 * one for every kind); what is the screen path's own is the typed runs and sft.json read back.
 */
export function redactSessionTrace(
  trace: Trace,
  redactor: Redactor,
): { trace: Trace; counts: RedactionCounts } {
  // Text typed in pieces is redacted as the field received it, then each step on its own.
  return redactTrace(trace, redactor, {
    prepareSteps: (steps, counts) => redactTypedRuns(steps, redactor, counts),
  });
}

/** A session's sft.json read back from an earlier run (`--grade` without `--force`). */
export function redactSftMessages(
  messages: SftMessage[],
  redactor: Redactor,
): { messages: SftMessage[]; counts: RedactionCounts } {
  const counts = emptyRedactionCounts();
  const redact = countedTextRedaction(redactor, counts);
  // Image content is base64 pixels: the text detectors would only corrupt it.
  const redacted = messages.map((message) =>
    typeof message.content === "string"
      ? { ...message, content: redact(message.content) }
      : message,
  );
  return { messages: redacted, counts };
}
