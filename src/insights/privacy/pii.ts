import { createRedactor, type Redactor } from "../../model/redact.js";
import { isFirstName } from "./first-names.js";

/**
 * Offline PII detection shared by the facet summaries (which redact it) and the privacy auditor
 * (which rates it). Secrets go through the model door's redactor first, so API keys, tokens and
 * credentials are found by the same rules that guard every outbound request; the detectors here add
 * what that redactor does not cover: phones, national ids, cards (Luhn), IBANs (mod 97), street
 * addresses and personal names.
 */
export const piiKinds = [
  "secret",
  "email",
  "ip_address",
  "ssn",
  "card_number",
  "iban",
  "phone",
  "street_address",
  "full_name",
  "first_name",
] as const;
export type PiiKind = (typeof piiKinds)[number];

/** Identifies a person on its own; a first name alone does not. */
export const strongPiiKinds: ReadonlySet<PiiKind> = new Set([
  "secret",
  "email",
  "ip_address",
  "ssn",
  "card_number",
  "iban",
  "phone",
  "street_address",
  "full_name",
]);

export interface PiiFinding {
  kind: PiiKind;
  /** the matched text; for secrets, the redactor's marker (the secret itself is already gone) */
  value: string;
  start: number;
  end: number;
}

export interface PiiScan {
  /** the input with secrets already replaced by the redactor's markers; spans refer to this text */
  text: string;
  findings: PiiFinding[];
}

interface Detector {
  kind: PiiKind;
  pattern: RegExp;
  accept?: (match: RegExpExecArray) => boolean;
  /** the part of the match that is the PII (a title or "my name is" stays readable) */
  group?: string;
}

const streetWords =
  "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Close|Crescent";
const capitalised = "\\p{Lu}[\\p{Ll}'’-]+";

const detectors: Detector[] = [
  { kind: "ssn", pattern: /\b\d{3}-\d{2}-\d{4}\b/g },
  {
    kind: "card_number",
    pattern: /\b\d(?:[ -]?\d){12,18}\b/g,
    accept: (match) => luhnValid(match[0].replace(/\D/g, "")),
  },
  {
    kind: "iban",
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g,
    accept: (match) => ibanValid(match[0].replace(/ /g, "")),
  },
  {
    kind: "phone",
    pattern:
      /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}(?![\w-])/g,
    accept: (match) => {
      const digits = match[0].replace(/\D/g, "").length;
      // Dates, versions and amounts have fewer digits or no separators typical of phone numbers.
      return digits >= 9 && digits <= 15 && !/^\d{4}-\d{2}-\d{2}$/.test(match[0].trim());
    },
  },
  {
    kind: "street_address",
    pattern: new RegExp(
      `\\b\\d{1,5}[a-z]?,?\\s+(?:${capitalised}\\s+){1,3}(?:${streetWords})\\b\\.?`,
      "gu",
    ),
  },
  {
    kind: "street_address",
    pattern:
      /\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai)\s+(?:(?:de|du|des|la|le|l’|l'|d’|d')\s*)*\p{Lu}[\p{L}’'-]+(?:\s+\p{Lu}[\p{L}’'-]+)*/giu,
  },
  {
    kind: "street_address",
    pattern:
      /\b(?:calle|avenida|avda\.|plaza|paseo|carrer)\s+(?:(?:de|del|la|las|los)\s+)*\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)*,?\s+(?:n[º°o]\.?\s*)?\d{1,4}\b/giu,
  },
  {
    kind: "street_address",
    pattern:
      /\b\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm)\s+\d{1,4}[a-z]?\b/gu,
  },
  {
    kind: "full_name",
    pattern: new RegExp(
      `\\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Mme|Mlle|Sr|Sra|Srta|Herr|Frau)\\.?\\s+(?<name>${capitalised}(?:\\s+${capitalised})?)`,
      "gu",
    ),
    group: "name",
  },
  {
    kind: "full_name",
    pattern: new RegExp(
      `(?:\\bmy name is|\\bI am called|\\bje m'appelle|\\bje m’appelle|\\bme llamo|\\bmi nombre es|\\bich heiße|\\bich heisse|\\bmein Name ist)\\s+(?<name>${capitalised}(?:\\s+${capitalised})?)`,
      "giu",
    ),
    group: "name",
  },
  {
    // "I am Zebulon Quartermaine": a self-introduction with two capitalised words is a full name.
    kind: "full_name",
    pattern: new RegExp(
      `\\b(?:I am|I'm|I’m|this is|Je suis|Soy|Ich bin)\\s+(?<name>${capitalised}\\s+${capitalised})`,
      "gu",
    ),
    group: "name",
  },
  {
    // A surname left after a first name that was already redacted ("[name] Wolfenbarger"), in text
    // redacted upstream or by a model that replaced only the first name.
    kind: "full_name",
    pattern: new RegExp(
      `\\[(?:name|REDACTED:[a-z_]*name[a-z_]*)\\][ \\t]+(?<name>${capitalised}(?:[ \\t]+${capitalised})?)`,
      "gu",
    ),
    group: "name",
  },
];

const wordPattern = /[\p{L}][\p{L}'’-]*/gu;

export interface PiiScanner {
  scan(text: string): PiiScan;
}

export function createPiiScanner(redactor: Redactor = createRedactor()): PiiScanner {
  return {
    scan(text) {
      const base = redactor.redactText(text).text;
      const candidates: PiiFinding[] = [...secretMarkers(base)];
      for (const detector of detectors) {
        detector.pattern.lastIndex = 0;
        for (const match of base.matchAll(detector.pattern)) {
          if (detector.accept !== undefined && !detector.accept(match)) continue;
          const value = detector.group === undefined ? match[0] : match.groups?.[detector.group];
          if (value === undefined) continue;
          const start = match.index + match[0].lastIndexOf(value);
          candidates.push({ kind: detector.kind, value, start, end: start + value.length });
        }
      }
      candidates.push(...nameFindings(base));
      return { text: base, findings: resolveOverlaps(candidates) };
    },
  };
}

let defaultScanner: PiiScanner | undefined;

export function scanPii(text: string): PiiScan {
  defaultScanner ??= createPiiScanner();
  return defaultScanner.scan(text);
}

const placeholders: Record<PiiKind, string> = {
  secret: "[secret]",
  email: "[email]",
  ip_address: "[ip]",
  ssn: "[id]",
  card_number: "[id]",
  iban: "[id]",
  phone: "[phone]",
  street_address: "[address]",
  full_name: "[name]",
  first_name: "[name]",
};

/** The text with every finding replaced by a neutral placeholder such as "[email]" or "[name]". */
export function redactPii(
  text: string,
  scanner?: PiiScanner,
): { text: string; findings: PiiFinding[] } {
  const scan = scanner === undefined ? scanPii(text) : scanner.scan(text);
  let out = "";
  let copied = 0;
  for (const finding of scan.findings) {
    out += scan.text.slice(copied, finding.start) + placeholders[finding.kind];
    copied = finding.end;
  }
  // "[name] [name]" (a first name and the surname found after it) reads as one name.
  const joined = (out + scan.text.slice(copied)).replace(/\[name\](?:[ \t]+\[name\])+/g, "[name]");
  return { text: joined, findings: scan.findings };
}

/** "email: j***" — enough to see what was found, never the PII itself. */
export function describeFinding(finding: PiiFinding): string {
  // Marker findings: the redactor already removed the value; name the rule instead.
  const rule = /^\[REDACTED:([a-z0-9_]+)\]$/.exec(finding.value)?.[1];
  if (rule !== undefined)
    return finding.kind === "secret" ? `secret: ${rule}` : `${finding.kind}: [masked]`;
  const first = finding.value.trim().charAt(0);
  return `${finding.kind}: ${first}${"*".repeat(Math.min(6, Math.max(3, finding.value.length - 1)))}`;
}

/** The redactor's personal-data rules, as the kinds the auditor rates; every other rule is a secret. */
const markerKinds: Readonly<Record<string, PiiKind>> = {
  email: "email",
  ip_address: "ip_address",
  us_ssn: "ssn",
  uk_nino: "ssn",
  canada_sin: "ssn",
  brazil_cpf: "ssn",
  india_aadhaar: "ssn",
  passport_number: "ssn",
  date_of_birth: "ssn",
  credit_card: "card_number",
  iban: "iban",
  phone_number: "phone",
  street_address: "street_address",
};

function secretMarkers(text: string): PiiFinding[] {
  const findings: PiiFinding[] = [];
  for (const match of text.matchAll(/\[REDACTED:([a-z0-9_]+)\]/g)) {
    const kind: PiiKind = markerKinds[match[1] ?? ""] ?? "secret";
    findings.push({
      kind,
      value: match[0],
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return findings;
}

/** A listed first name, plus a following capitalised word when there is one (a surname). */
function nameFindings(text: string): PiiFinding[] {
  const words = [...text.matchAll(wordPattern)];
  const findings: PiiFinding[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    if (word === undefined || !/^\p{Lu}/u.test(word[0]) || !isFirstName(word[0])) continue;
    const next = words[index + 1];
    const gap = next === undefined ? "" : text.slice(word.index + word[0].length, next.index);
    const surname =
      next !== undefined &&
      /^ $/.test(gap) &&
      /^\p{Lu}\p{Ll}/u.test(next[0]) &&
      !isFirstName(next[0]);
    const end =
      surname && next !== undefined ? next.index + next[0].length : word.index + word[0].length;
    findings.push({
      kind: surname ? "full_name" : "first_name",
      value: text.slice(word.index, end),
      start: word.index,
      end,
    });
    if (surname) index += 1;
  }
  return findings;
}

/** Earlier start wins; at the same start the longer (more specific) match wins. */
function resolveOverlaps(candidates: PiiFinding[]): PiiFinding[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PiiFinding[] = [];
  let reached = 0;
  for (const finding of sorted) {
    if (finding.start < reached) continue;
    kept.push(finding);
    reached = finding.end;
  }
  return kept;
}

export function luhnValid(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function ibanValid(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}
