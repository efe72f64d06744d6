import { describe, expect, it } from "vitest";
import { createRedactor } from "./redact.js";

describe("the redactor's memo of short strings", () => {
  it("gives the same answer on a repeat, and its findings are the caller's own", () => {
    const redactor = createRedactor();
    const text = "contact me at ada@example.org";
    const first = redactor.redactText(text);
    expect(first.text).toBe("contact me at [REDACTED:email]");
    expect(first.findings).toEqual([{ rule: "email", count: 1 }]);
    (first.findings[0] as { count: number }).count = 99;
    first.findings.push({ rule: "other", count: 1 });
    const second = redactor.redactText(text);
    expect(second).toEqual({
      text: "contact me at [REDACTED:email]",
      findings: [{ rule: "email", count: 1 }],
    });
  });

  it("agrees with a fresh redactor on many distinct strings, past the memo's size", () => {
    const memoised = createRedactor();
    const texts = Array.from({ length: 25_000 }, (_, index) =>
      index % 3 === 0 ? `user${index}@example.org wrote line ${index}` : `warning ${index % 40}`,
    );
    for (const text of texts) memoised.redactText(text);
    for (const text of texts.slice(0, 500)) {
      expect(memoised.redactText(text)).toEqual(createRedactor().redactText(text));
    }
  });

  it("long texts are redacted without the memo, the same way", () => {
    const redactor = createRedactor();
    const long = `${"word ".repeat(100)}key AKIAIOSFODNN7EXAMPLE`;
    expect(redactor.redactText(long).text).toContain("[REDACTED:");
    expect(redactor.redactText(long)).toEqual(createRedactor().redactText(long));
  });
});
