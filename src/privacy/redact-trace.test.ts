import { describe, expect, it } from "vitest";
import type { Trace } from "../core/trace.js";
import { createRedactor } from "../model/redact.js";
import { conversationToTrace } from "../sources/conversations/conversation-trace.js";
import { redactTrace } from "./redact-trace.js";

/** A Trace of any kind through the one redactor: its text redacted and counted, its structure kept. */
const email = "dana.fischer@example.org";
const key = "sk-proj-4f7Hk2Lm9Np3Qr8St1Uv6Wx0Yz5Ab2Cd7Ef9GhJk";

function conversation(): Trace {
  return conversationToTrace(
    {
      conversation_id: "conv-1",
      user_id: "user-1",
      timestamp: "2026-12-01T10:00:00Z",
      schema_version: "1",
      messages: [
        { role: "user", content: `Mail ${email} the key ${key}` },
        { role: "assistant", content: "Done." },
      ],
      metadata: { password: "hunter2-but-longer", note: `cc ${email}` },
    } as Parameters<typeof conversationToTrace>[0],
    { file: `/data/${email}/conversations.jsonl`, line: 3 },
  );
}

describe("redactTrace", () => {
  it("redacts every string a person wrote, counts each kind, keeps ids, files and origins", () => {
    const trace = conversation();
    const { trace: redacted, counts } = redactTrace(trace, createRedactor());
    const text = JSON.stringify({
      texts: redacted.steps.map((step) => step.text),
      meta: redacted.meta,
    });
    expect(text).not.toContain(email);
    expect(text).not.toContain(key);
    expect(text).not.toContain("hunter2-but-longer");
    expect(redacted.steps[1]?.text).toBe("Done.");
    expect(counts.total).toBe(4);
    expect(counts.total).toBe(Object.values(counts.byKind).reduce((sum, n) => sum + n, 0));
    expect(counts.byKind.email).toBe(2);
    // Structure points at the real file, even where its path looks like an address.
    expect(redacted.id).toBe(trace.id);
    expect(redacted.source).toEqual(trace.source);
    expect(redacted.steps.map((step) => step.origin)).toEqual(trace.steps.map((s) => s.origin));
    expect(trace.steps[0]?.text).toContain(email);
  });

  it("runs prepareSteps on the steps first, its replacements counted with the rest", () => {
    const { trace: redacted, counts } = redactTrace(conversation(), createRedactor(), {
      prepareSteps: (steps, into) => {
        into.total += 1;
        into.byKind.joined = 1;
        return steps.map((step) => ({ ...step, text: `${step.text} (prepared)` }));
      },
    });
    expect(redacted.steps[1]?.text).toBe("Done. (prepared)");
    expect(counts.byKind.joined).toBe(1);
    expect(counts.total).toBe(5);
  });
});
