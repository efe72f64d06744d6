import { describe, expect, it } from "vitest";
import { type Step, type Trace, traceSchemaId } from "../../core/trace.js";
import { createRedactor } from "../../model/redact.js";
import { redactSessionTrace } from "./redact-session.js";

/** Issue 17: secrets typed across several steps are redacted as the field received them. */
const openaiKey = "sk-proj-Q8xV2mN4pL7rT1wZ9yB3cD5fG6hJ0kLa";

function step(index: number, action?: Step["action"]): Step {
  return {
    index,
    t: index * 2,
    actor: "human",
    kind: action === undefined ? "observation" : "action",
    ...(action === undefined ? {} : { action }),
    origin: { file: "input_log.jsonl", line: index + 1 },
  };
}

function session(actions: (Step["action"] | undefined)[]): Trace {
  return {
    schema: traceSchemaId,
    id: "typed-runs",
    kind: "screen",
    source: { format: "desktop", files: [] },
    steps: actions.map((action, index) => step(index, action)),
    media: [],
    meta: {},
  };
}

const type = (text: string): Step["action"] => ({ type: "type", text });
const key = (...keys: string[]): Step["action"] => ({ type: "key", keys });

function typedTexts(trace: Trace): string[] {
  return trace.steps.flatMap((item) => (item.action?.type === "type" ? [item.action.text] : []));
}

describe("redaction over text typed in pieces", () => {
  it("an API key split by a Shift press and a pause is redacted; no piece survives", () => {
    const halves = [openaiKey.slice(0, 16), openaiKey.slice(16)];
    const { trace, counts } = redactSessionTrace(
      session([type(`key is ${halves[0]}`), key("shift"), undefined, type(halves[1] as string)]),
      createRedactor(),
    );
    const text = JSON.stringify(trace);
    expect(text).not.toContain(halves[0]);
    expect(text).not.toContain(halves[1]);
    expect(typedTexts(trace)).toEqual(["key is [REDACTED:openai_key]", ""]);
    expect(counts.byKind.openai_key).toBe(1);
    expect(counts.total).toBe(1);
  });

  it("a card number typed as two steps around a pause is redacted", () => {
    const { trace, counts } = redactSessionTrace(
      session([type("card 4111 1111 "), type("1111 1111 thanks")]),
      createRedactor(),
    );
    expect(JSON.stringify(trace)).not.toMatch(/1111 1111/);
    expect(typedTexts(trace)[1]).toBe(" thanks");
    expect(counts.total).toBe(1);
  });

  it("Enter ends the typed text: two fields are not joined", () => {
    const { trace } = redactSessionTrace(
      session([type("4111 1111 "), key("enter"), type("1111 1111")]),
      createRedactor(),
    );
    expect(typedTexts(trace)).toEqual(["4111 1111 ", "1111 1111"]);
  });
});
