import { TracemillError } from "../core/errors.js";

/**
 * Prices in USD per million tokens. The built-in table covers common OpenAI models (list prices,
 * standard tier); `config.prices` overrides or extends it. An unknown model costs 0 and is
 * reported as unpriced rather than guessed.
 */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

export const builtInPrices: Readonly<Record<string, ModelPrice>> = {
  "gpt-4o": { inputPerMTok: 2.5, outputPerMTok: 10 },
  "gpt-4o-mini": { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  "gpt-4.1": { inputPerMTok: 2, outputPerMTok: 8 },
  "gpt-4.1-mini": { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  "gpt-4.1-nano": { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  "o4-mini": { inputPerMTok: 1.1, outputPerMTok: 4.4 },
  o3: { inputPerMTok: 2, outputPerMTok: 8 },
  "o3-mini": { inputPerMTok: 1.1, outputPerMTok: 4.4 },
  "gpt-5": { inputPerMTok: 1.25, outputPerMTok: 10 },
  "gpt-5-mini": { inputPerMTok: 0.25, outputPerMTok: 2 },
  "gpt-5-nano": { inputPerMTok: 0.05, outputPerMTok: 0.4 },
};

export interface CostEstimate {
  costUsd: number;
  priced: boolean;
}

/** Exact name first, then the name without a date suffix (gpt-4o-2024-08-06 → gpt-4o). */
export function priceFor(
  model: string,
  overrides: Record<string, ModelPrice> = {},
): ModelPrice | undefined {
  const undated = model.replace(/-\d{4}-\d{2}-\d{2}$/, "");
  return overrides[model] ?? builtInPrices[model] ?? overrides[undated] ?? builtInPrices[undated];
}

export function costOf(
  model: string,
  usage: { inputTokens: number; outputTokens: number },
  overrides: Record<string, ModelPrice> = {},
): CostEstimate {
  const price = priceFor(model, overrides);
  if (price === undefined) return { costUsd: 0, priced: false };
  const costUsd =
    (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1_000_000;
  return { costUsd, priced: true };
}

export interface BudgetTracker {
  readonly limitUsd: number | undefined;
  readonly spent: number;
  /** Throws budget_exceeded when spending `estimateUsd` more would pass the limit. */
  check(estimateUsd: number): void;
  record(costUsd: number): void;
}

export function createBudgetTracker(limitUsd: number | undefined): BudgetTracker {
  let spent = 0;
  return {
    limitUsd,
    get spent() {
      return spent;
    },
    check(estimateUsd: number) {
      if (limitUsd === undefined) return;
      if (spent + estimateUsd > limitUsd) {
        throw new TracemillError(
          "budget_exceeded",
          `model budget: spent $${spent.toFixed(6)} + this request's estimate $${estimateUsd.toFixed(6)} would exceed the limit $${limitUsd.toFixed(6)}`,
          { details: { spentUsd: spent, estimateUsd, limitUsd } },
        );
      }
    },
    record(costUsd: number) {
      spent += costUsd;
    },
  };
}
