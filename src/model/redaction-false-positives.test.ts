import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRedactor, detect } from "./redact.js";
import { tokenChange } from "./redaction-metrics.js";

const redactor = createRedactor();
const root = join(import.meta.dirname, "../..");

/** Ordinary numbers and identifiers of every kind the new detectors could mistake for PII. */
const ordinary: Record<string, string[]> = {
  dates: [
    "2026-03-14",
    "2026-03-14T09:21:33.412Z",
    "14.03.2026",
    "03/14/2026",
    "2026/03/14 12:30:45",
    "Sat Mar 14 10:42:17 CET 2026",
    "week 2026-W11",
  ],
  versions: [
    "v3.12.0",
    "1.2.3-rc.1",
    "node v20.19.0",
    "4.17.21",
    "Chrome/120.0.6099.109",
    "build 2026.03.14.1",
    "10.0.19045.3803",
  ],
  prices: ["$1,299.99", "€49,00", "£1,250.00", "EUR 45.00", "1.234.567,89 €", "USD 4,500,000"],
  ports: ["port 8080", "127.0.0.1:5432", "localhost:6379", "0.0.0.0:3000", "::1 port 9229", ":443"],
  gitHashes: [
    "9c1185a5c5e9fc54612808977ee8f548b2258d31",
    "commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
    "a3f9e21",
    "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
  ],
  uuids: [
    "550e8400-e29b-41d4-a716-446655440000",
    "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
    "3F2C1B4E-8D7A-4C3B-9E1F-0A2B3C4D5E6F",
    "trace_id=4bf92f3577b34da6a3ce929d0e0e4736",
  ],
  counts: [
    "1,234,567 rows",
    "299,792,458 m/s",
    "3,878,100 people",
    "2,147,483,647 bytes",
    "1 000 000 Einwohner",
    "10485760",
    "1773446400000",
    "1764921600",
  ],
  numberedThings: [
    "order #100234",
    "ISBN 978-3-16-148410-0",
    "invoice INV-2026-00042",
    "PLAT-1421",
    "room 3.14",
    "part 1234-5678-90",
    "PCI 0000:3b:00.0",
    "pointer 0x7fff5fbff8c8",
    "color #1e90ff",
    "52.5200, 13.4050",
    "score 3–2, attendance 74,310",
    "2 × 1.92 TB",
    "flight LH 400 at 13:50",
    "Route 66",
    "The 9 Supreme Court justices",
    "4,096-token chunks",
  ],
  identifiers: [
    "ThisIsAVeryLongIdentifierNameWithDigits2",
    "node_modules/.pnpm/@types+node@20.19.43/node_modules",
    "api-7d9f8b6c5d-x2k9p",
    "AbstractSingletonProxyFactoryBean",
    "SKIP_PREFLIGHT_CHECK=true",
    "ACCOUNT_ID_HEADER",
    "SG.prototype.render",
    "key-value store",
    "sig=abc",
  ],
  prose: [
    "Call the function with 3 Main arguments.",
    "Passport photos are not required for the demo.",
    "Born in the 1990s, the language grew fast.",
    "See section 12.3.4 and figure 2.1.",
    "phone home at 9 pm",
    "2 Factor authentication",
  ],
};

describe("ordinary numbers and words are never redacted", () => {
  const cases = Object.entries(ordinary).flatMap(([group, values]) =>
    values.map((value) => [group, value] as const),
  );
  it.each(cases)("%s: %s", (_group, value) => {
    expect(redactor.redactText(value)).toEqual({ text: value, findings: [] });
    expect(detect(value)).toEqual([]);
  });

  it("one line of all of them together stays untouched", () => {
    const line = cases.map(([, value]) => value).join(" | ");
    expect(redactor.redactText(line).findings).toEqual([]);
  });
});

describe("validation rejects the right shape with the wrong check digits", () => {
  it.each([
    ["card failing Luhn", "4111 1111 1111 1112"],
    ["16 digits with no card prefix", "9111 1111 1111 1111"],
    ["IBAN with a wrong checksum", "DE88 3704 0044 0532 0130 00"],
    ["compact IBAN with a wrong checksum", "GB83WEST12345698765432"],
    ["SSN with area 000", "000-12-3456"],
    ["SSN with area 666", "666-12-3456"],
    ["SSN with group 00", "123-00-4567"],
    ["SSN with serial 0000", "123-45-0000"],
    ["North American number with area code 123", "(123) 555-0123"],
    ["international number too short for its country", "+49 30 12"],
    ["NINO with a forbidden prefix", "GB 12 34 56 A"],
    ["CPF with wrong check digits", "123.456.789-00"],
    ["Aadhaar with a wrong Verhoeff digit", "2345 6789 0125"],
    ["passport word with no number", "passport renewal"],
  ])("%s: %s", (_label, value) => {
    expect(redactor.redactText(value).findings).toEqual([]);
  });
});

function cleanCorpus(): { name: string; text: string }[] {
  const clean = join(root, "test/fixtures/privacy/clean");
  const files = readdirSync(clean)
    .filter((name) => !name.startsWith("LICENSE") && name !== "README.md")
    .map((name) => join(clean, name));
  const samples = join(root, "test/fixtures/samples");
  files.push(
    join(samples, "screen-desktop/20250817_232256/input_log.jsonl"),
    join(samples, "screen-desktop/20250817_232256/meta.json"),
    join(samples, "screen-web/6792a2a124f444f0e39ce887.events.json"),
    join(samples, "screen-web/viralmind.race_sessions.json"),
    ...readdirSync(join(samples, "devtrace/sample-trace-chunks")).map((name) =>
      join(samples, "devtrace/sample-trace-chunks", name),
    ),
  );
  return files.map((file) => ({
    name: file.slice(root.length + 1),
    text: readFileSync(file, "utf8"),
  }));
}

describe("clean corpus (code, prose, logs without secrets)", () => {
  it("changes fewer than 0.5 % of its tokens", () => {
    let tokens = 0;
    let changed = 0;
    const perFile: Record<string, string> = {};
    for (const { name, text } of cleanCorpus()) {
      const change = tokenChange(text, redactor.redactText(text).text);
      tokens += change.tokens;
      changed += change.changed;
      perFile[name] = `${change.changed}/${change.tokens}`;
    }
    expect(tokens).toBeGreaterThan(50_000);
    expect(changed / tokens, JSON.stringify(perFile)).toBeLessThan(0.005);
  });
});

describe("tokenChange", () => {
  it("counts the tokens a redaction replaced, not the ones it kept", () => {
    const original = "pay 4111 1111 1111 1111 today\nnothing here";
    const redacted = redactor.redactText(original).text;
    expect(redacted).toBe("pay [REDACTED:credit_card] today\nnothing here");
    expect(tokenChange(original, redacted)).toEqual({ tokens: 8, changed: 4, rate: 0.5 });
  });

  it("counts everything as changed when lines disappeared", () => {
    expect(tokenChange("a b\nc", "x").rate).toBe(1);
  });
});
