import type { RedactionRule } from "./redaction-rules.js";
import {
  digitsOf,
  luhnValid,
  validAadhaar,
  validCardNumber,
  validCpf,
  validIban,
  validItin,
  validNino,
  validPhoneNumber,
  validSsn,
} from "./redaction-validators.js";

/**
 * Personal data: numbers validated by their check digits or number plan (cards: issuer prefix and
 * Luhn; IBANs: mod 97; phone numbers: libphonenumber's full metadata; SSNs: area, group and
 * serial), and identifiers with no check digit only next to the words that name them (passport,
 * date of birth, SIN). Patterns are bounded and anchored on a boundary: one linear pass each.
 */

/** No digit, letter, or number punctuation right before or after: 1.4111… or v4111… is no card. */
const numberStart = "(?<![A-Za-z0-9_.,+/$€£-])";
const numberEnd = "(?![A-Za-z0-9_]|[.,/-]\\d)";

export const personalDataRules: readonly RedactionRule[] = [
  {
    name: "iban",
    description:
      "IBANs, compact (DE89370400440532013000) or in groups of four, in either case, with a valid mod-97 checksum and the country's length",
    pattern:
      /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,3})?)(?![A-Za-z0-9])/,
    // The last group may be the next word ("… 3455 and"): then the IBAN is the groups before it.
    accept: (match) => {
      if (validIban(match)) return true;
      const shorter = match.replace(/ [A-Za-z0-9]{1,4}$/, "");
      return shorter !== match && validIban(shorter) ? shorter.length : false;
    },
  },
  {
    name: "credit_card",
    description:
      "payment card numbers (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay), compact or grouped by spaces or dashes, with a known issuer prefix and the Luhn check",
    pattern: new RegExp(
      `${numberStart}(?:\\d{4}(?<sep>[ -]?)\\d{4}\\k<sep>\\d{4}\\k<sep>\\d{1,7}|\\d{4}(?<amexSep>[ -])\\d{6}\\k<amexSep>\\d{4,5})${numberEnd}`,
    ),
    accept: (match) => validCardNumber(match),
  },
  {
    name: "us_ssn",
    description:
      "US social security numbers (and ITINs) as 123-45-6789 or 123 45 6789 with valid area, group and serial; nine bare digits only after SSN / social security",
    pattern: new RegExp(
      `${numberStart}\\d{3}(?<sep>[- ])\\d{2}\\k<sep>\\d{4}${numberEnd}|(?<![A-Za-z])(?:SSN|ssn|[Ss]ocial [Ss]ecurity(?: [Nn]umber| [Nn]o\\.?)?)[ \\t]*(?:#|[Nn]o\\.?|[Nn]umber)?[ \\t]*[:=]?[ \\t]*(?<secret>\\d{9})(?!\\d)`,
    ),
    accept: (match, groups) => {
      const value = groups.secret ?? match;
      return validSsn(value) || validItin(value);
    },
  },
  {
    name: "phone_number",
    description:
      "phone numbers: international (+44 20 7946 0958, 0049 30 …) and North American ((201) 555-0123, 201-555-0123), each checked against libphonenumber's number plans",
    pattern: new RegExp(
      `(?<![A-Za-z0-9_+=/.-])(?:\\+|00)[1-9][0-9 ().-]{5,22}[0-9](?![0-9])|(?<![A-Za-z0-9_+=/.$-])(?:1[ .-])?(?:\\(\\d{3}\\)[ .-]?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}${numberEnd}`,
    ),
    accept: (match) => {
      if (plausiblePhone(match)) return true;
      // "+44 20 7946 0958 24/7": the longest leading part that is a valid number, if any.
      for (let cut = match.length - 1; cut > 0; cut -= 1) {
        if (!/\d/.test(match[cut - 1] ?? "") || !/[ ().-]/.test(match[cut] ?? "")) continue;
        const head = match.slice(0, cut);
        if (digitsOf(head).length < 8) break;
        if (plausiblePhone(head)) return cut;
      }
      return false;
    },
  },
  {
    name: "uk_nino",
    description: "UK National Insurance numbers (AB 12 34 56 C) with the allowed prefix letters",
    pattern: /(?<![A-Za-z0-9])[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/,
    accept: (match) => validNino(match),
  },
  {
    name: "canada_sin",
    description:
      "Canadian social insurance numbers after SIN / social insurance number, Luhn-checked",
    pattern:
      /(?<![A-Za-z])(?:SIN|NAS|[Ss]ocial [Ii]nsurance(?: [Nn]umber| [Nn]o\.?)?)[ \t]*(?:#|[Nn]o\.?)?[ \t]*[:=]?[ \t]*(?<secret>\d{3}[ -]?\d{3}[ -]?\d{3})(?!\d)/,
    accept: (_match, groups) => {
      const digits = digitsOf(groups.secret ?? "");
      return digits.length === 9 && luhnValid(digits);
    },
  },
  {
    name: "brazil_cpf",
    description:
      "Brazilian CPF numbers (123.456.789-09, or 11 digits after CPF) with both check digits",
    pattern:
      /(?<![0-9.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![0-9])|(?<![A-Za-z])CPF[ \t]*(?:n[ºo°]\.?)?[ \t]*:?[ \t]*(?<secret>\d{11})(?!\d)/,
    accept: (match, groups) => validCpf(groups.secret ?? match),
  },
  {
    name: "india_aadhaar",
    description: "Indian Aadhaar numbers (1234 5678 9012, Verhoeff check digit)",
    pattern:
      /(?<![0-9.,-])[2-9]\d{3}([ -])\d{4}\1\d{4}(?![0-9]|[.,-]\d)|(?<![A-Za-z])(?:[Aa]adhaa?r|UIDAI?)(?: [Nn]o\.?| [Nn]umber)?[ \t]*:?[ \t]*(?<secret>[2-9]\d{11})(?!\d)/,
    accept: (match, groups) => validAadhaar(groups.secret ?? match),
  },
  {
    name: "passport_number",
    description:
      "passport numbers after the word passport (passeport, Reisepass, pasaporte), optionally no./number/#: 6-9 letters and digits with at least one digit",
    pattern:
      /(?<![A-Za-z])(?:[Pp]assport|PASSPORT|[Pp]asseport|[Rr]eisepass|[Pp]asaporte)(?:[ \t]+(?:[Nn]o\.?|[Nn]umber|NUMBER|[Nn]um|ID|[Nn]r\.?|#))?[ \t]*[:#=]?[ \t]*(?:is[ \t]+)?(?<secret>[A-Z0-9]{6,9})(?![A-Za-z0-9])/,
    accept: (_match, groups) => /\d/.test(groups.secret ?? ""),
    // Each spelling of the keyword contains one of these: texts without them skip the scan.
    hints: ["assport", "ASSPORT", "asseport", "eisepass", "asaporte"],
  },
  {
    name: "date_of_birth",
    description: "dates after date of birth / DOB / born (on) / geboren (am)",
    pattern:
      /(?<![A-Za-z])(?:DOB|D\.O\.B\.|[Dd]ate of [Bb]irth|[Bb]irth ?[Dd]ate|[Bb]orn(?: on)?|[Gg]eburtsdatum|[Gg]eboren(?: am)?)[ \t]*[:=]?[ \t]*(?<secret>\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2}\.? [A-Z][a-z]{2,8}\.? \d{4})(?![0-9])/,
    hints: ["DOB", "D.O.B.", "ate of ", "irth", "orn", "eburtsdatum", "eboren"],
  },
  {
    name: "street_address",
    description:
      "street addresses: house number, capitalised street words and a street type (12 Main Street, 1600 Pennsylvania Ave NW, Apt 4B), German Musterstraße 12, French 8 rue de la Paix",
    pattern:
      /(?<![A-Za-z0-9.,/-])\d{1,6}[A-Z]?(?: (?:[A-Z][a-z]+|[NSEW]\.?|\d{1,3}(?:st|nd|rd|th))){1,4} (?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Place|Pl|Terrace|Parkway|Pkwy|Highway|Hwy|Circle|Square|Sq)\b\.?(?: [NS][EW]\b)?(?:,? (?:Apt|Suite|Ste|Unit|Floor|Fl)\.? ?#?[A-Za-z0-9-]{1,6})?|(?<![A-Za-z0-9ÄÖÜäöüß])[A-ZÄÖÜ][a-zäöüß]{2,30}(?:straße|strasse|str\.|weg|gasse|platz|allee) \d{1,4}[a-z]?(?![A-Za-z0-9])|(?<![A-Za-z0-9])\d{1,4}(?: bis| ter)?,? (?:rue|avenue|boulevard|impasse|chemin|quai|allée)(?: de la| de l'| du| des| de| d')? ?[A-ZÀ-Ý][a-zà-ÿ'-]{2,30}/,
  },
];

function plausiblePhone(candidate: string): boolean {
  // Spaces and dashes in one number are mixed freely, but never two separators in a row.
  if (/[ .-]{2}|\.\s|\s\./.test(candidate.replace(/\) /g, ")"))) return false;
  return validPhoneNumber(candidate);
}
