import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TracemillError } from "../core/errors.js";
import { lookAlikes, secretSamples } from "./__fixtures__/redaction-corpus.js";
import { builtInRedactionRules, createRedactor, redactionMarker } from "./redact.js";

const redactor = createRedactor();

function expectedRedaction(text: string, secret: string, rule: string): string {
  return text.split(secret).join(redactionMarker(rule));
}

describe("redaction corpus", () => {
  // Every rule is covered by test/fixtures/privacy/planted.jsonl (redaction-planted.test.ts).
  it("holds at least 50 secrets of built-in rules, and 25 look-alikes", () => {
    expect(secretSamples.length).toBeGreaterThanOrEqual(50);
    expect(lookAlikes.length).toBeGreaterThanOrEqual(25);
    const names = new Set(builtInRedactionRules.map((rule) => rule.name));
    for (const sample of secretSamples) expect(names.has(sample.rule), sample.rule).toBe(true);
  });

  it.each(secretSamples.map((sample) => [sample.rule, sample.text.slice(0, 60), sample] as const))(
    "%s: %s",
    (_rule, _label, sample) => {
      const result = redactor.redactText(sample.text);
      expect(result.text).not.toContain(sample.secret);
      expect(result.text).toBe(expectedRedaction(sample.text, sample.secret, sample.rule));
      const occurrences = sample.text.split(sample.secret).length - 1;
      expect(result.findings).toEqual([{ rule: sample.rule, count: occurrences }]);
    },
  );

  it.each(lookAlikes.map((sample) => [sample.label, sample] as const))(
    "leaves %s untouched",
    (_label, sample) => {
      expect(redactor.redactText(sample.text)).toEqual({ text: sample.text, findings: [] });
    },
  );

  it("redacts every secret when all samples share one document", () => {
    const document = secretSamples.map((sample) => sample.text).join("\n---\n");
    const result = redactor.redactText(document);
    for (const sample of secretSamples) expect(result.text).not.toContain(sample.secret);
    const total = result.findings.reduce((sum, finding) => sum + finding.count, 0);
    expect(total).toBe(secretSamples.length);
  });

  it("is idempotent: a second pass changes nothing and finds nothing", () => {
    for (const sample of [...secretSamples, ...lookAlikes]) {
      const once = redactor.redactText(sample.text).text;
      expect(redactor.redactText(once)).toEqual({ text: once, findings: [] });
    }
  });
});

describe("rule precedence and partial redaction", () => {
  it("keeps the scheme, host and database of a database URL readable", () => {
    const text = "postgres://app:pw123@db.example.com:5432/orders";
    expect(redactor.redactText(text).text).toBe(
      "postgres://[REDACTED:database_url]@db.example.com:5432/orders",
    );
  });

  it("reports a JWT in a Bearer header as jwt, a PEM block as private_key", () => {
    const jwt = secretSamples.find((sample) => sample.rule === "jwt")!.secret;
    expect(redactor.redactText(`Authorization: Bearer ${jwt}`).findings).toEqual([
      { rule: "jwt", count: 1 },
    ]);
    const key = secretSamples.find((sample) => sample.rule === "private_key")!.secret;
    expect(redactor.redactText(key.replaceAll("\n", "")).findings).toEqual([
      { rule: "private_key", count: 1 },
    ]);
  });

  it("redacts a private key cut off before its END line", () => {
    const key = secretSamples.find((sample) => sample.rule === "private_key")!.secret;
    const truncated = key.slice(0, key.indexOf("-----END"));
    const result = redactor.redactText(`${truncated}[log truncated]`);
    expect(result.text).toBe("[REDACTED:private_key]\n[log truncated]");
  });

  it("keeps a credential key and its quotes, so JSON stays parseable", () => {
    const result = redactor.redactText('{"password":"s3cret","api_key":"abc123"}');
    expect(JSON.parse(result.text)).toEqual({
      password: "[REDACTED:credential_assignment]",
      api_key: "[REDACTED:credential_assignment]",
    });
  });
});

describe("configuration", () => {
  const ipLine = "peer 198.51.100.7 sent mail to ann@example.com";

  it("disable switches rules off by name and keeps the others", () => {
    const result = createRedactor({ disable: ["ip_address"] }).redactText(ipLine);
    expect(result.text).toBe("peer 198.51.100.7 sent mail to [REDACTED:email]");
  });

  it("rejects disable entries that name no rule", () => {
    expect(() => createRedactor({ disable: ["ip_adress"] })).toThrow(/ip_adress/);
  });

  it("extra adds configured rules, honouring flags and a secret group", () => {
    const custom = createRedactor({
      extra: [
        { name: "ticket", pattern: "\\bacme-\\d{4}\\b", flags: "i" },
        { name: "employee_id", pattern: "employee=(?<secret>E\\d{6})" },
      ],
    });
    const result = custom.redactText("see ACME-1234 and acme-9999; employee=E123456 filed it");
    expect(result.text).toBe(
      "see [REDACTED:ticket] and [REDACTED:ticket]; employee=[REDACTED:employee_id] filed it",
    );
    expect(result.findings).toEqual([
      { rule: "ticket", count: 2 },
      { rule: "employee_id", count: 1 },
    ]);
  });

  it("ignores empty matches of an extra pattern instead of looping", () => {
    const custom = createRedactor({ extra: [{ name: "digits", pattern: "\\d*" }] });
    expect(custom.redactText("a1b22c").text).toBe("a[REDACTED:digits]b[REDACTED:digits]c");
  });

  it("throws config_invalid naming the rule when an extra pattern is invalid", () => {
    let caught: unknown;
    try {
      createRedactor({ extra: [{ name: "broken_rule", pattern: "(unclosed" }] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TracemillError);
    expect((caught as TracemillError).code).toBe("config_invalid");
    expect((caught as TracemillError).message).toContain("broken_rule");
    expect(() =>
      createRedactor({ extra: [{ name: "bad_flags", pattern: "a", flags: "q" }] }),
    ).toThrow(/bad_flags/);
  });

  it("rejects an extra rule that reuses a built-in name", () => {
    expect(() => createRedactor({ extra: [{ name: "email", pattern: "x" }] })).toThrow(
      TracemillError,
    );
  });

  it("allow keeps exact strings, also when a rule matches inside them", () => {
    const allowing = createRedactor({
      allow: ["support@tracemill.dev", "redis://:devonly1@localhost"],
    });
    const result = allowing.redactText(
      "mail support@tracemill.dev or bob@example.com; dev cache redis://:devonly1@localhost:6379",
    );
    expect(result.text).toBe(
      "mail support@tracemill.dev or [REDACTED:email]; dev cache redis://:devonly1@localhost:6379",
    );
  });

  it("a disabled redactor returns its input unchanged", () => {
    const disabled = createRedactor({ enabled: false });
    expect(disabled.redactText(ipLine)).toEqual({ text: ipLine, findings: [] });
    const value = { mail: "ann@example.com" };
    expect(disabled.redactValue(value)).toBe(value);
  });
});

describe("redactValue", () => {
  it("deep-copies nested arrays and objects, redacting strings and keeping keys", () => {
    const input = {
      "owner@example.com": "ann@example.com",
      messages: [{ role: "user", content: ["call 203.0.113.9", 42, null, true] }],
      nested: { deeper: { password: "plain-value", note: "nothing secret" } },
    };
    const snapshot = structuredClone(input);
    const output = redactor.redactValue(input);
    expect(output).toEqual({
      "owner@example.com": "[REDACTED:email]",
      messages: [{ role: "user", content: ["call [REDACTED:ip_address]", 42, null, true] }],
      nested: { deeper: { password: "[REDACTED:credential_assignment]", note: "nothing secret" } },
    });
    expect(input).toEqual(snapshot);
    expect(output.messages).not.toBe(input.messages);
  });

  it("returns non-plain values as they are and survives cycles", () => {
    const date = new Date(0);
    const bytes = new Uint8Array([1, 2, 3]);
    const map = new Map([["k", "ann@example.com"]]);
    const cyclic: Record<string, unknown> = { mail: "ann@example.com" };
    cyclic.self = cyclic;
    const output = redactor.redactValue({ date, bytes, map, cyclic });
    expect(output.date).toBe(date);
    expect(output.bytes).toBe(bytes);
    expect(output.map).toBe(map);
    expect(output.cyclic.mail).toBe("[REDACTED:email]");
    expect(output.cyclic.self).toBe(output.cyclic);
  });

  it("leaves values under credential keys alone when credential_assignment is disabled", () => {
    const relaxed = createRedactor({ disable: ["credential_assignment"] });
    expect(relaxed.redactValue({ password: "plain-value" })).toEqual({ password: "plain-value" });
  });

  it("returns primitives unchanged and redacts a top-level string", () => {
    expect(redactor.redactValue(7)).toBe(7);
    expect(redactor.redactValue(undefined)).toBeUndefined();
    expect(redactor.redactValue("ann@example.com")).toBe("[REDACTED:email]");
  });
});

describe("adversarial input", () => {
  // A catastrophic backtrack would blow far past the test timeout; linear scans take milliseconds.
  it.each([
    ["a BEGIN line repeated", "-----BEGIN PRIVATE KEY-----".repeat(8_000)],
    ["a BEGIN line and spaces", `-----BEGIN PRIVATE KEY-----${" ".repeat(200_000)}`],
    ["key words and colons", "password: ".repeat(20_000)],
    ["a dotted domain without end", `a@${"b.".repeat(100_000)}`],
    ["hex groups and colons", "ab:".repeat(70_000)],
    ["a scheme with a long password", `postgres://a:${"b".repeat(200_000)}`],
    ["a JWT header without dots", `eyJ${"a".repeat(200_000)}`],
    ["backslashes after a quote", `password="${"\\".repeat(200_000)}`],
  ])("%s", (label, text) => {
    const started = performance.now();
    expect(redactor.redactText(text).text.length).toBeGreaterThan(0);
    console.log(`adversarial ${label}: ${(performance.now() - started).toFixed(1)} ms`);
  });
});

/** Substrings that could start a match; text without them must pass through untouched. */
const triggers =
  /sk[-_]|[rp]k_|whsec_|gh[pousr]_|github_pat_|xox|xapp-|AKIA|ASIA|AIza|eyJ|bearer|npm_|hf_|BEGIN|:\/\/|@|password|passwd|pwd|passphrase|secret|api.?key|token|access.?key|\d\.\d+\.\d+\.\d|::|([0-9a-f]{0,4}:){7}/i;

describe("property: text without trigger prefixes is returned unchanged", () => {
  const unit = fc.constantFrom(
    ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \n\t.,;:!?-_=+/()[]{}'\"#%*<>|~$&",
  );
  const word = fc.string({ unit, minLength: 0, maxLength: 30 });
  const text = fc.array(word, { maxLength: 40 }).map((words) => words.join(" "));

  it("changes nothing and reports nothing", () => {
    fc.assert(
      fc.property(
        text.filter((candidate) => !triggers.test(candidate)),
        (candidate) => {
          const result = redactor.redactText(candidate);
          expect(result.text).toBe(candidate);
          expect(result.findings).toEqual([]);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("throughput", () => {
  it("prints MB/s over 5 MB of mixed text", () => {
    const lines = [
      "2024-01-15T12:30:45.123Z INFO request handled in 12ms path=/api/v1/items status=200",
      "The quick brown fox jumps over the lazy dog; version 1.2.3 released, see the notes.",
      "commit 3f786850e387550fdab836ed7e6dc881de23001b Author: Dev <dev@example.com>",
      '{"role":"user","content":"Summarise the risk-management section, then list open tasks."}',
      ...secretSamples.map((sample) => sample.text),
    ];
    const parts: string[] = [];
    let size = 0;
    for (let index = 0; size < 5 * 1024 * 1024; index += 1) {
      const line = lines[index % lines.length]!;
      parts.push(line);
      size += line.length + 1;
    }
    const text = parts.join("\n");
    const started = performance.now();
    const result = redactor.redactText(text);
    const seconds = (performance.now() - started) / 1000;
    console.log(`redaction throughput: ${(text.length / 1024 / 1024 / seconds).toFixed(1)} MB/s`);
    expect(result.findings.length).toBeGreaterThan(10);
  });
});
