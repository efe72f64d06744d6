import { describe, expect, it } from "vitest";
import { integerFlag, modelFlagsConfig, numberFlag } from "./flag-values.js";

describe("numeric flag values", () => {
  it("parse integers within their minimum, or take the fallback when absent", () => {
    expect(integerFlag("--k", "12", { min: 1 })).toBe(12);
    expect(integerFlag("--seed", "-3")).toBe(-3);
    expect(integerFlag("--k", undefined, { min: 1, fallback: 4 })).toBe(4);
    expect(() => integerFlag("--k", "0", { min: 1 })).toThrow(
      '--k must be an integer ≥ 1, not "0"',
    );
    expect(() => integerFlag("--k", "2.5")).toThrow(/--k must be an integer, not "2.5"/);
    expect(() => integerFlag("--k", "")).toThrow(/must be an integer/);
    expect(() => integerFlag("--k", undefined)).toThrow(/not "undefined"/);
  });

  it("parse non-negative or positive numbers up to a maximum", () => {
    expect(numberFlag("--w", "0")).toBe(0);
    expect(numberFlag("--lr", undefined, { positive: true, fallback: 0.01 })).toBe(0.01);
    expect(() => numberFlag("--lr", "0", { positive: true })).toThrow(
      '--lr must be a positive number, not "0"',
    );
    expect(() => numberFlag("--w", "-1")).toThrow(/a non-negative number/);
    expect(() => numberFlag("--dropout", "0.95", { max: 0.9 })).toThrow(/≤ 0.9/);
    expect(() => numberFlag("--w", "abc")).toThrow(/not "abc"/);
    expect(() => numberFlag("--w", " ")).toThrow(/a non-negative number/);
  });
});

describe("the shared model flags", () => {
  it("pass provider, base URL and key through, and turn the cache off only for --no-cache", () => {
    expect(
      modelFlagsConfig({
        provider: "openai:gpt-4o-mini",
        baseUrl: "http://127.0.0.1:9",
        apiKey: "key",
        cache: false,
      }),
    ).toEqual({
      provider: "openai:gpt-4o-mini",
      baseUrl: "http://127.0.0.1:9",
      apiKey: "key",
      cache: false,
    });
    // commander sets cache to true when --no-cache is absent: the config decides, not the flag.
    expect(modelFlagsConfig({ cache: true })).toEqual({
      provider: undefined,
      baseUrl: undefined,
      apiKey: undefined,
      cache: undefined,
    });
    expect(modelFlagsConfig({}).cache).toBeUndefined();
  });
});
