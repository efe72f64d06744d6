import { describe, expect, it } from "vitest";
import { describeFinding, ibanValid, luhnValid, redactPii, scanPii } from "./pii.js";

const kinds = (text: string) => scanPii(text).findings.map((finding) => finding.kind);

describe("PII detection", () => {
  it.each([
    ["mail me at jane.doe@example.com", "email"],
    ["call +1 415-555-0132 tomorrow", "phone"],
    ["ring (415) 555 0199", "phone"],
    ["my SSN is 123-45-6789", "ssn"],
    ["card 4111 1111 1111 1111 please", "card_number"],
    ["IBAN DE89 3704 0044 0532 0130 00", "iban"],
    ["I live at 221 Baker Street now", "street_address"],
    ["j'habite au 12 rue de la Paix", "street_address"],
    ["vivo en Calle Mayor 12", "street_address"],
    ["ich wohne in der Hauptstraße 5", "street_address"],
    ["My name is Emma Watson", "full_name"],
    ["Dr. Smith called", "full_name"],
    ["I told Olivier about it", "first_name"],
    ["use key sk-proj-abcdefghijklmnopqrstuvwxyz123456", "secret"],
  ])("%s → %s", (text, kind) => {
    expect(kinds(text)).toEqual([kind]);
  });

  it("names the rule of a secret without its value", () => {
    const finding = scanPii("token sk-proj-abcdefghijklmnopqrstuvwxyz123456").findings[0];
    expect(finding && describeFinding(finding)).toBe("secret: openai_key");
  });

  it("does not flag dates, versions, amounts, ports, invalid card numbers or city names", () => {
    expect(
      kinds(
        "Version 1.2.3 shipped on 2024-05-01, costs 1,299.00, has 12 000 users on port 8080; order 4111 1111 1111 1112; a trip to Lisbon and Paris; Will May mark it?",
      ),
    ).toEqual([]);
  });

  it("replaces findings with neutral placeholders and masks them in descriptions", () => {
    const result = redactPii(
      "Write to olivia@example.org or call 020 7946 0958, says Olivia Bennett.",
    );
    expect(result.text).toBe("Write to [email] or call [phone], says [name].");
    expect(result.findings.map(describeFinding)).toEqual([
      "email: [masked]",
      "phone: 0******",
      "full_name: O******",
    ]);
  });

  it("validates card numbers with Luhn and IBANs with mod 97", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(ibanValid("DE89370400440532013000")).toBe(true);
    expect(ibanValid("DE89370400440532013001")).toBe(false);
  });
});

describe("surnames after a redacted first name (issue 16)", () => {
  it("redacts the surname that follows [name], and keeps one placeholder", () => {
    expect(redactPii("My name is [name] Wolfenbarger and I need a refund.").text).toBe(
      "My name is [name] and I need a refund.",
    );
    expect(redactPii("Signed, [REDACTED:person_name] Van Houten").text).not.toMatch(/Houten/);
    expect(redactPii("My name is Dana Wolfenbarger.").text).toBe("My name is [name].");
    expect(redactPii("Thanks [name]. Please continue.").text).toBe(
      "Thanks [name]. Please continue.",
    );
  });
});
