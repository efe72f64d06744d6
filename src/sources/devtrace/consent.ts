import type { Consent } from "./events.js";

/** Consent with every flag decided: what the participant agreed to store. */
export interface ResolvedConsent {
  rationale: boolean;
  outputs: boolean;
  code: boolean;
  training: boolean;
}

/** A flag that was not given counts as granted: the create-trace request is where a client opts out. */
export function resolveConsent(consent?: Consent | Partial<ResolvedConsent>): ResolvedConsent {
  return {
    rationale: consent?.rationale ?? true,
    outputs: consent?.outputs ?? true,
    code: consent?.code ?? true,
    training: consent?.training ?? true,
  };
}
