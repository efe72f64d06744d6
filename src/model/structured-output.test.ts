import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkAnswer, toWireSchema } from "./structured-output.js";

describe("toWireSchema", () => {
  it("makes every property required, optional ones nullable, objects closed", () => {
    const wire = toWireSchema(
      z.object({
        title: z.string(),
        note: z.string().optional(),
        items: z.array(z.object({ id: z.number() })),
      }),
    );
    expect(wire.strict).toBe(true);
    expect(wire.schema).toMatchObject({
      type: "object",
      required: ["title", "note", "items"],
      additionalProperties: false,
      properties: {
        note: { anyOf: [{ type: "string" }, { type: "null" }] },
        items: { items: { additionalProperties: false, required: ["id"] } },
      },
    });
    expect(wire.schema.$schema).toBeUndefined();
  });

  it("flags schemas strict mode cannot express", () => {
    expect(toWireSchema(z.object({ scores: z.record(z.string(), z.number()) })).strict).toBe(false);
  });
});

describe("checkAnswer", () => {
  const schema = z.object({
    title: z.string(),
    note: z.string().optional(),
    tags: z.array(z.string()),
  });

  it("accepts strict-mode nulls for optional fields", () => {
    expect(checkAnswer(schema, { text: '{"title": "t", "note": null, "tags": []}' })).toEqual({
      ok: true,
      value: { title: "t", tags: [] },
    });
  });

  it("names the failing paths", () => {
    const result = checkAnswer(schema, { value: { title: 3, tags: ["a", 2] } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(/title: .*; tags\.1: /);
  });

  it("says when the answer is not JSON at all", () => {
    const result = checkAnswer(schema, { text: "I cannot help with that." });
    expect(result).toMatchObject({ ok: false, problem: expect.stringMatching(/not valid JSON/) });
  });
});
