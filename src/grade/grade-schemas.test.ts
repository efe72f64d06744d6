import { describe, expect, it } from "vitest";
import { toWireSchema } from "../model/structured-output.js";
import { chunkAnswerSchema, verdictAnswerSchema } from "./grade-schemas.js";

const verdict = {
  summary: "Opened Docker Desktop and changed the memory limit.",
  observations: ["Reached the Resources pane.", "Set memory to 8 GB."],
  reasoning: "The objectives were met with a few detours.",
  confidence: 0.7,
  outcomeAchievement: 90,
  processQuality: 70,
  efficiency: 60,
};

describe("judge answer schemas", () => {
  it("go on the wire in strict mode with only keywords strict mode accepts", () => {
    for (const schema of [chunkAnswerSchema, verdictAnswerSchema]) {
      const wire = toWireSchema(schema);
      expect(wire.strict).toBe(true);
      const text = JSON.stringify(wire.schema);
      expect(text).not.toMatch(/minLength|maxLength|"format"/);
    }
    const wire = JSON.stringify(toWireSchema(verdictAnswerSchema).schema);
    expect(wire).toContain('"minItems":2');
    expect(wire).toContain('"maxItems":6');
    expect(wire).not.toContain('"score"');
  });

  it("accept a good verdict and reject 7 observations, empty or overlong lines and out-of-range numbers", () => {
    expect(verdictAnswerSchema.safeParse(verdict).success).toBe(true);
    const seven = Array.from({ length: 7 }, (_, index) => `observation ${index + 1}`);
    expect(verdictAnswerSchema.safeParse({ ...verdict, observations: seven }).success).toBe(false);
    expect(verdictAnswerSchema.safeParse({ ...verdict, observations: ["ok", "  "] }).success).toBe(
      false,
    );
    expect(
      verdictAnswerSchema.safeParse({ ...verdict, observations: ["ok", "x".repeat(301)] }).success,
    ).toBe(false);
    expect(verdictAnswerSchema.safeParse({ ...verdict, efficiency: 101 }).success).toBe(false);
    expect(verdictAnswerSchema.safeParse({ ...verdict, confidence: 1.5 }).success).toBe(false);
    expect(verdictAnswerSchema.safeParse({ ...verdict, score: 80 }).success).toBe(false);
  });
});
