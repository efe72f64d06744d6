import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtInRedactionRules, createRedactor, detect } from "./redact.js";

interface Planted {
  kind: string;
  rule: string;
  variant: number;
  value: string;
  text: string;
}

const file = join(import.meta.dirname, "../../test/fixtures/privacy/planted.jsonl");
const planted: Planted[] = readFileSync(file, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as Planted);
const redactor = createRedactor();

describe("planted corpus (test/fixtures/privacy/planted.jsonl)", () => {
  it("has at least 60 kinds with three or more variants each, covering every built-in rule", () => {
    const byKind = new Map<string, number>();
    for (const entry of planted) byKind.set(entry.kind, (byKind.get(entry.kind) ?? 0) + 1);
    expect(byKind.size).toBeGreaterThanOrEqual(60);
    for (const [kind, count] of byKind) expect(count, kind).toBeGreaterThanOrEqual(3);
    const rules = new Set(planted.map((entry) => entry.rule));
    expect([...rules].sort()).toEqual(builtInRedactionRules.map((rule) => rule.name).sort());
  });

  it.each(planted.map((entry) => [entry.kind, entry.variant, entry] as const))(
    "%s #%d is redacted and reported under its rule",
    (_kind, _variant, entry) => {
      const result = redactor.redactText(entry.text);
      expect(result.text).not.toContain(entry.value);
      expect(result.text).toContain(`[REDACTED:${entry.rule}]`);
      expect(result.findings.map((finding) => finding.rule)).toContain(entry.rule);
      expect(detect(entry.text)).toContain(entry.rule);
      // The kind is reported, never the value.
      expect(JSON.stringify(result.findings)).not.toContain(entry.value);
    },
  );

  it("the bare value alone is found too, for every kind whose format carries no keyword", () => {
    const contextual = new Set([
      "aws_secret_access_key",
      "azure_storage_key",
      "azure_sas_signature",
      "bearer_token",
      "basic_auth",
      "oauth_token",
      "credential_assignment",
      "database_url",
      "url_credentials",
      "slack_webhook",
      "discord_webhook",
      "passport_number",
      "date_of_birth",
      "canada_sin",
    ]);
    const missed = planted
      .filter((entry) => !contextual.has(entry.rule))
      .filter((entry) => !/^\d{9,12}$/.test(entry.value)) // compact SSN, CPF, Aadhaar: keyword only
      .filter((entry) => redactor.redactText(entry.value).text.includes(entry.value))
      .map((entry) => `${entry.kind} #${entry.variant}`);
    expect(missed).toEqual([]);
  });

  it("redacts everything when the whole corpus is one document, and a second pass finds nothing", () => {
    const document = planted.map((entry) => entry.text).join("\n\n");
    const once = redactor.redactText(document).text;
    for (const entry of planted) expect(once).not.toContain(entry.value);
    expect(redactor.redactText(once).findings).toEqual([]);
  });

  it("redacts values inside JSON-escaped strings (as run files store them)", () => {
    const escaped = JSON.stringify({ lines: planted.map((entry) => entry.text) });
    const result = redactor.redactText(escaped).text;
    const leaked = planted
      .filter((entry) => result.includes(JSON.stringify(entry.value).slice(1, -1)))
      .map((entry) => `${entry.kind} #${entry.variant}`);
    expect(leaked).toEqual([]);
    expect(() => JSON.parse(result)).not.toThrow();
  });

  it("keeps the digits after a phone number that are not part of it", () => {
    expect(redactor.redactText("hotline +44 20 7946 0958 24/7, ext 12").text).toBe(
      "hotline [REDACTED:phone_number] 24/7, ext 12",
    );
    expect(redactor.redactText("call (201) 555-0123 or 415-555-0132 now").findings).toEqual([
      { rule: "phone_number", count: 2 },
    ]);
  });
});

describe("a spaced IBAN followed by a short word", () => {
  it("is redacted without the word (the last group is not taken for part of the IBAN)", () => {
    const { text } = createRedactor().redactText("Konto AT11 5424 3866 5599 3455 and more text");
    expect(text).toBe("Konto [REDACTED:iban] and more text");
  });
});

describe("a Discord token at the end of a sentence", () => {
  it("is redacted, the full stop kept", () => {
    const token = "MTcwNzg1MzM3OTMxNDk1MDcy.jWPw0A.36x-Ud_31Q3rrck3iFibbj_NLDBUxX8qISCC0A";
    const { text } = createRedactor().redactText(`My login is DISCORD_TOKEN=${token}.`);
    expect(text).toBe("My login is DISCORD_TOKEN=[REDACTED:discord_token].");
  });
});
