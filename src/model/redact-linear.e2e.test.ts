import { describe, expect, it } from "vitest";
import { createRedactor, linearRepeats, redactionMarker } from "./redact.js";

const tenMegabytes = 10 * 1024 * 1024;
const fill = (unit: string, length = tenMegabytes) =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

describe("redaction on inputs of any length (issue 15)", () => {
  const redactor = createRedactor();

  // Each shape once overflowed V8's backtracking stack (a 500 at ingest) or is a rule's worst case.
  it.each([
    ["word characters", fill("a")],
    ["mixed-case base64 run", fill("aB3+")],
    ["dashes", fill("-")],
    ["a JWT-looking run", `eyJ${fill("a")}`],
    ["a private key header then spaces", `-----BEGIN PRIVATE KEY-----${fill(" ")}`],
    ["a private key header then escaped newlines", `-----BEGIN PRIVATE KEY-----${fill("\\n")}`],
    ["a credential key then a long value", `password=${fill("x1")}`],
  ])("a 10 MB field of %s is scanned without throwing", (_label, text) => {
    const result = redactor.redactText(text);
    expect(typeof result.text).toBe("string");
  });

  it("a 10 MB base64 blob is still found and redacted", () => {
    const blob = fill("Qm9vbGVhbjEyMw");
    expect(redactor.redactText(`data: ${blob} end`).text).toBe(
      `data: ${redactionMarker("base64_blob")} end`,
    );
  });

  it("a 10 MB run of one word is left as it is", () => {
    const text = fill("a");
    expect(redactor.redactText(text)).toEqual({ text, findings: [] });
  });
});

describe("linearRepeats", () => {
  it("rewrites an open repeat of one character as a fixed count and a star", () => {
    expect(linearRepeats("[A-Za-z]{200,}=")).toBe("[A-Za-z]{200}[A-Za-z]*=");
    expect(linearRepeats("\\d{3,}?x")).toBe("\\d{3}\\d*?x");
    expect(linearRepeats("[\\]a]{2,}")).toBe("[\\]a]{2}[\\]a]*");
  });

  it("leaves bounded repeats, groups and back-references alone", () => {
    for (const source of ["[a-z]{2,8}", "(?:ab){2,}", "(a)\\1{2,}", "\\u0041{2,}", "a{3}"]) {
      expect(linearRepeats(source)).toBe(source);
    }
  });

  it("matches the same text as the original pattern", () => {
    const original = /(?<![A-Za-z0-9])[A-Za-z0-9+/_-]{20,}={0,2}(?![A-Za-z0-9=])/g;
    const rewritten = new RegExp(linearRepeats(original.source), "g");
    const sample = `x ${"Ab9".repeat(10)}== y ${"c".repeat(19)} z ${"Q".repeat(25)}`;
    expect(sample.match(rewritten)).toEqual(sample.match(original));
  });
});
