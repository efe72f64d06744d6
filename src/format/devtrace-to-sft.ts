import type { Trace } from "../core/trace.js";
import { rationaleText } from "../sources/devtrace/event-text.js";
import { devtraceStepEvents } from "../sources/devtrace/step-events.js";
import type { SftMessage } from "./sft-message.js";

/**
 * A developer trace as chat, read from its steps: the task from the user, the developer's work
 * (notes, commands, diffs, commits) as the assistant, results (exit codes, test runs) as the user.
 * Timestamps are the client clock in milliseconds. The same messages `devtraceSft` built from the
 * raw events in `meta`, which it is meant to replace (see docs/architecture.md, issue-18a).
 */
export function devtraceToSft(trace: Trace): SftMessage[] {
  const events = devtraceStepEvents(trace);
  const start = events[0]?.ts_client_s ?? 0;
  const task = [trace.task?.title, trace.task?.description].filter(Boolean).join("\n\n");
  const messages: SftMessage[] = [
    { role: "user", content: task, timestamp: Math.round(start * 1000) },
  ];
  for (const event of events) {
    const timestamp = Math.round(event.ts_client_s * 1000);
    const say = (role: "user" | "assistant", content: string) => {
      if (content.trim().length > 0) messages.push({ role, content, timestamp });
    };
    switch (event.type) {
      case "rationale_note":
        say("assistant", rationaleText(event));
        break;
      case "cmd_run":
        say("assistant", `\`\`\`bash\n${event.cmd}\n\`\`\``);
        say("user", `exit code ${event.exit_code}`);
        break;
      case "file_edit":
        say("assistant", `\`\`\`diff\n${event.diff_unified}\n\`\`\``);
        break;
      case "test_run":
        say(
          "user",
          `${event.framework}: ${event.num_passed} passed, ${event.num_failed} failed${
            event.failed_tests?.length ? ` (${event.failed_tests.join(", ")})` : ""
          }`,
        );
        break;
      case "code_change":
        say(
          "assistant",
          event.diff_unified === undefined || event.diff_unified.length === 0
            ? `Changed ${(event.files_changed ?? []).join(", ")}`
            : `\`\`\`diff\n${event.diff_unified}\n\`\`\``,
        );
        break;
      case "commit":
        say("assistant", `\`\`\`bash\ngit commit -m ${JSON.stringify(event.message)}\n\`\`\``);
        break;
    }
  }
  return messages;
}
