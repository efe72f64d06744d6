import { describe, expect, it } from "vitest";
import { costOf, createBudgetTracker, priceFor } from "./cost.js";

describe("cost", () => {
  it("prices known models, dated snapshots and overrides; unknown models are unpriced", () => {
    expect(costOf("gpt-4o", { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toEqual({
      costUsd: 12.5,
      priced: true,
    });
    expect(priceFor("gpt-4o-mini-2024-07-18")).toEqual(priceFor("gpt-4o-mini"));
    expect(costOf("llama3", { inputTokens: 10, outputTokens: 10 })).toEqual({
      costUsd: 0,
      priced: false,
    });
    const overrides = { llama3: { inputPerMTok: 1, outputPerMTok: 2 } };
    expect(
      costOf("llama3", { inputTokens: 500_000, outputTokens: 500_000 }, overrides).costUsd,
    ).toBe(1.5);
  });

  it("refuses a request whose estimate would pass the limit", () => {
    const budget = createBudgetTracker(1);
    budget.check(0.6);
    budget.record(0.6);
    expect(() => budget.check(0.5)).toThrow(/would exceed the limit/);
    budget.check(0.4);
    expect(budget.spent).toBeCloseTo(0.6);
    expect(() => createBudgetTracker(undefined).check(1e9)).not.toThrow();
  });
});
