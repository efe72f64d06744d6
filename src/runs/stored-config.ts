import type { Redactor } from "../model/redact.js";

/**
 * The config as a run folder stores it: secret-named keys masked, then every string passed
 * through the redactor. Resume compares configs in this form, so both sides match like with like.
 */
const secretKeyPattern =
  /(api[-_]?key|secret|password|passphrase|token|credentials?|authorization)$/i;

/** Names a config key whose value must never be printed or stored in the clear. */
export function isSecretKey(key: string): boolean {
  return secretKeyPattern.test(key);
}

/** The config as stored in the manifest: secret-named keys masked, then the redactor over every string. */
export function storableConfig(config: unknown, redactor?: Redactor): unknown {
  const masked = maskSecretKeys(config);
  return redactor ? redactor.redactValue(masked) : masked;
}

function maskSecretKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecretKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key,
      isSecretKey(key) && typeof member === "string" && member.length > 0
        ? "[REDACTED:secret]"
        : maskSecretKeys(member),
    ]),
  );
}
