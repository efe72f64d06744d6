import { TracemillError } from "../core/errors.js";

/** The three screen-session components, in rubric order. */
export const componentKeys = ["outcomeAchievement", "processQuality", "efficiency"] as const;
export type ComponentKey = (typeof componentKeys)[number];
export type Weights = Record<ComponentKey, number>;
export type Components = Record<ComponentKey, number>;

/** The seed's weights: outcome 50 %, process 30 %, efficiency 20 %. */
export const defaultWeights: Weights = {
  outcomeAchievement: 0.5,
  processQuality: 0.3,
  efficiency: 0.2,
};

// Short names for the command line; the full component names are accepted too.
const aliases: Record<string, ComponentKey> = {
  outcome: "outcomeAchievement",
  outcomeachievement: "outcomeAchievement",
  process: "processQuality",
  processquality: "processQuality",
  efficiency: "efficiency",
};

/**
 * `--weights outcome=0.6,process=0.3,efficiency=0.1` → weights normalised to sum 1. Components not
 * named get weight 0 (so `outcome=1` grades on outcome alone). Errors name the offending part.
 */
export function parseWeights(text: string): Weights {
  const given: Partial<Weights> = {};
  const parts = text.split(",").map((part) => part.trim());
  for (const part of parts) {
    const fail = (why: string): never => {
      throw new TracemillError("input_invalid", `--weights: "${part}" ${why}`, {
        details: { part },
      });
    };
    if (part === "") fail("is empty; write outcome=0.6,process=0.3,efficiency=0.1");
    const separator = part.indexOf("=");
    if (separator === -1) fail("has no '='; write name=number, e.g. outcome=0.6");
    const name = part.slice(0, separator).trim().toLowerCase();
    const key = aliases[name];
    if (key === undefined)
      fail(`names an unknown component; use ${Object.keys(aliases).join(", ")}`);
    const valueText = part.slice(separator + 1).trim();
    const value = Number(valueText);
    if (valueText === "" || !Number.isFinite(value)) fail("needs a finite number after '='");
    if (value < 0) fail("is negative; weights must be 0 or more");
    if (key !== undefined && given[key] !== undefined) fail("sets a component a second time");
    if (key !== undefined) given[key] = value;
  }
  return normaliseWeights(given);
}

/** Scales weights to sum 1 (missing components count 0), rounded to 6 decimals for stable output. */
export function normaliseWeights(weights: Partial<Weights>): Weights {
  const raw = componentKeys.map((key) => {
    const value = weights[key] ?? 0;
    if (!Number.isFinite(value) || value < 0) {
      throw new TracemillError(
        "input_invalid",
        `weight ${key} must be a finite number ≥ 0, got ${value}`,
      );
    }
    return value;
  });
  const total = raw.reduce((sum, value) => sum + value, 0);
  if (total <= 0) {
    throw new TracemillError(
      "input_invalid",
      "weights: at least one component needs a positive weight",
    );
  }
  const [outcomeAchievement = 0, processQuality = 0, efficiency = 0] = raw.map(
    (value) => Math.round((value / total) * 1e6) / 1e6,
  );
  return { outcomeAchievement, processQuality, efficiency };
}
