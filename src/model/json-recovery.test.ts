import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { balancedObjects, recoverJson } from "./json-recovery.js";

describe("recoverJson", () => {
  it("parses a plain JSON answer directly", () => {
    expect(recoverJson(' {"a": 1} ')).toEqual({ ok: true, value: { a: 1 }, source: "direct" });
  });

  it("takes the json fenced block out of chatter", () => {
    const text = 'Here you go:\n```json\n{"verdict": "pass"}\n```\nHope that helps.';
    expect(recoverJson(text)).toEqual({ ok: true, value: { verdict: "pass" }, source: "fenced" });
  });

  it("accepts an unlabelled fence but skips fences in other languages", () => {
    const text = '```python\nprint("{}")\n```\n```\n{"ok": true}\n```';
    expect(recoverJson(text)).toMatchObject({ ok: true, value: { ok: true }, source: "fenced" });
  });

  it("finds the first balanced object, ignoring braces inside strings", () => {
    const text =
      'My answer: {"note": "use } and { freely", "nested": {"x": [1, {"y": 2}]}} trailing }';
    expect(recoverJson(text)).toEqual({
      ok: true,
      value: { note: "use } and { freely", nested: { x: [1, { y: 2 }] } },
      source: "balanced",
    });
  });

  it("handles escaped quotes inside strings", () => {
    expect(recoverJson('x {"quote": "she said \\"}\\" loudly"} y')).toMatchObject({
      ok: true,
      value: { quote: 'she said "}" loudly' },
    });
  });

  it("skips a balanced span that is not JSON and uses the next one", () => {
    expect(recoverJson('{not json} then {"a": 2}')).toMatchObject({ ok: true, value: { a: 2 } });
  });

  it("reports the parse error when nothing is recoverable", () => {
    const result = recoverJson('{"answer": "cut off');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/no valid JSON object found/);
    expect(recoverJson("   ")).toEqual({ ok: false, error: "the answer was empty" });
  });

  it("recovers any JSON object embedded in arbitrary prose", () => {
    const prose = fc.string().filter((text) => !text.includes("{") && !text.includes("}"));
    fc.assert(
      fc.property(
        prose,
        fc.dictionary(fc.string(), fc.jsonValue()),
        prose,
        (before, object, after) => {
          const result = recoverJson(`${before}${JSON.stringify(object)}${after}`);
          expect(result.ok).toBe(true);
          if (result.ok) expect(result.value).toEqual(JSON.parse(JSON.stringify(object)));
        },
      ),
    );
  });

  it("lists top-level spans only", () => {
    expect(balancedObjects('a {"b": {"c": 1}} d {"e": 2} {unclosed')).toEqual([
      '{"b": {"c": 1}}',
      '{"e": 2}',
    ]);
  });
});
