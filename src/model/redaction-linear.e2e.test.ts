import { describe, expect, it } from "vitest";
import { createRedactor } from "./redact.js";

// base64_blob's open repeat overflows the regex stack on a 10 MB run of base64 characters; issue 15
// (helper 15a) rewrites that rule. These cases cover the detectors of issue 17.
const redactor = createRedactor({ disable: ["base64_blob"] });
const tenMegabytes = 10 * 1024 * 1024;

function fill(unit: string): string {
  return unit.repeat(Math.ceil(tenMegabytes / unit.length)).slice(0, tenMegabytes);
}

/**
 * 10 MB inputs built to make the new detectors' patterns work hardest: long runs of what they
 * match with no end in sight. A pattern with nested or unbounded backtracking would run for
 * minutes (and hit the test timeout); linear scans take about a second. Times are printed, not
 * asserted.
 */
describe("10 MB adversarial inputs finish (linear-time rules)", () => {
  it.each([
    ["digit groups (cards, phones, SSNs, Aadhaar, IBAN tails)", fill("1234 ")],
    ["dashed digit groups", fill("123-45-")],
    ["plus signs and digits (international phones)", fill("+1 2")],
    ["a 10 MB run of base64 characters (bare AWS secrets, blobs)", fill("aB3/")],
    ["40-character random-looking words", fill("aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1eF3hJ5kL7n ")],
    ["capitalised words after a house number (addresses)", fill("12 Main Main Main Main Main ")],
    ["upper-case letters and digits (IBANs, NINOs, passports)", fill("AB12 CDEF ")],
    ["keywords without values", fill("passport number is SSN: DOB: CPF AccountKey= sig=")],
    ["token prefixes without bodies", fill("SK AC SG. key- dapi glpat- hvs. sl. EAA pypi-AgE :AA")],
  ])("%s", (label, text) => {
    const started = performance.now();
    const result = redactor.redactText(text);
    expect(result.text.length).toBeGreaterThan(0);
    console.log(`10 MB ${label}: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  });
});
