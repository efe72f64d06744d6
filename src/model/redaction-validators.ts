import { createRequire } from "node:module";
import { isValidIBAN } from "ibantools";

type PhoneParser = typeof import("libphonenumber-js/max").parsePhoneNumberFromString;
let phoneParser: PhoneParser | undefined;
/**
 * libphonenumber's full metadata takes about 40 ms to load; it loads at the first text that holds
 * a phone-shaped candidate, so runs whose outputs hold none (most screen sessions) never pay.
 * The check is synchronous, so the package's CommonJS build is required rather than imported.
 */
function parsePhoneNumberFromString(...args: Parameters<PhoneParser>): ReturnType<PhoneParser> {
  phoneParser ??= (
    createRequire(import.meta.url)("libphonenumber-js/max") as {
      parsePhoneNumberFromString: PhoneParser;
    }
  ).parsePhoneNumberFromString;
  return phoneParser(...args);
}

/**
 * Checks that turn a shape into a detection: the check digits, checksums and number plans of the
 * formats that have one (cards, IBANs, phone numbers, national ids), and the entropy of bare
 * secrets. Each runs on one candidate match, never on the whole text, so scans stay linear.
 */

export function digitsOf(value: string): string {
  let digits = "";
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code >= 48 && code <= 57) digits += value[index];
  }
  return digits;
}

/** The Luhn (mod 10) check used by payment cards and Canadian SINs. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** The network a card number belongs to by its issuer prefix and length, or undefined. */
export function cardNetwork(digits: string): string | undefined {
  const length = digits.length;
  const two = Number(digits.slice(0, 2));
  const three = Number(digits.slice(0, 3));
  const four = Number(digits.slice(0, 4));
  const six = Number(digits.slice(0, 6));
  if (digits[0] === "4" && (length === 13 || length === 16 || length === 19)) return "visa";
  if (length === 16 && ((two >= 51 && two <= 55) || (six >= 222100 && six <= 272099)))
    return "mastercard";
  if (length === 15 && (two === 34 || two === 37)) return "amex";
  if (
    (length === 16 || length === 19) &&
    (four === 6011 || two === 65 || (three >= 644 && three <= 649))
  )
    return "discover";
  if (length >= 16 && length <= 19 && four >= 3528 && four <= 3589) return "jcb";
  if (length === 14 && (two === 36 || two === 38 || (three >= 300 && three <= 305)))
    return "diners";
  if (length >= 16 && length <= 19 && (two === 62 || two === 81)) return "unionpay";
  return undefined;
}

export function validCardNumber(match: string): boolean {
  const digits = digitsOf(match);
  return cardNetwork(digits) !== undefined && luhnValid(digits);
}

/** IBAN: country, check digits (mod 97) and the country's length and BBAN format. */
export function validIban(match: string): boolean {
  return isValidIBAN(match.replace(/[ -]/g, "").toUpperCase());
}

/**
 * Phone numbers through libphonenumber's full metadata (number plan of every country, not only
 * lengths). A number without a country code is read as a North American one.
 */
export function validPhoneNumber(match: string): boolean {
  let candidate = match.trim();
  if (candidate.startsWith("00")) candidate = `+${candidate.slice(2)}`;
  const digits = digitsOf(candidate);
  if (digits.length < 8 || digits.length > 15) return false;
  const parsed = parsePhoneNumberFromString(candidate, "US");
  return parsed?.isValid() === true;
}

/** US SSN: area 001-899 except 666, group 01-99, serial 0001-9999. */
export function validSsn(match: string): boolean {
  const digits = digitsOf(match);
  if (digits.length !== 9) return false;
  const area = Number(digits.slice(0, 3));
  const group = Number(digits.slice(3, 5));
  const serial = Number(digits.slice(5));
  return area > 0 && area !== 666 && area < 900 && group > 0 && serial > 0;
}

/** US ITIN: 9xx-(50-65 | 70-88 | 90-92 | 94-99)-xxxx. */
export function validItin(match: string): boolean {
  const digits = digitsOf(match);
  if (digits.length !== 9 || digits[0] !== "9") return false;
  const group = Number(digits.slice(3, 5));
  return (
    (group >= 50 && group <= 65) ||
    (group >= 70 && group <= 88) ||
    (group >= 90 && group <= 92) ||
    group >= 94
  );
}

/** Brazilian CPF: two mod-11 check digits. */
export function validCpf(match: string): boolean {
  const digits = digitsOf(match);
  if (digits.length !== 11 || /^(\d)\1+$/.test(digits)) return false;
  const check = (length: number) => {
    let sum = 0;
    for (let index = 0; index < length; index += 1) {
      sum += (digits.charCodeAt(index) - 48) * (length + 1 - index);
    }
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return check(9) === digits.charCodeAt(9) - 48 && check(10) === digits.charCodeAt(10) - 48;
}

const verhoeffMultiply = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const verhoeffPermute = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Indian Aadhaar: 12 digits, first 2-9, Verhoeff check digit. */
export function validAadhaar(match: string): boolean {
  const digits = digitsOf(match);
  if (digits.length !== 12 || digits[0] === "0" || digits[0] === "1") return false;
  let check = 0;
  for (let index = 0; index < digits.length; index += 1) {
    const digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    check = verhoeffMultiply[check]![verhoeffPermute[index % 8]![digit]!]!;
  }
  return check === 0;
}

/** UK National Insurance number: prefix letters from the allowed set, suffix A-D. */
export function validNino(match: string): boolean {
  const compact = match.replace(/\s/g, "").toUpperCase();
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(compact)) return false;
  return !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].includes(compact.slice(0, 2));
}

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const share = count / value.length;
    bits -= share * Math.log2(share);
  }
  return bits;
}

/** Upper case, lower case and digits all present: how generated secrets look. */
export function mixesClasses(value: string): boolean {
  return /[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value);
}

/** A Basic credential: base64 that decodes to printable `user:password`. */
export function validBasicCredentials(encoded: string): boolean {
  const decoded = Buffer.from(encoded, "base64").toString("latin1");
  const colon = decoded.indexOf(":");
  return colon > 0 && colon < decoded.length - 1 && /^[\x20-\x7e]+$/.test(decoded);
}
