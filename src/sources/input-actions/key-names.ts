/**
 * Key-name facts the action builder needs: which keys are modifiers, which make hotkeys, which
 * are printable, and what Shift does on a US layout (used only when the recorder did not say
 * which character a press produced).
 */

/** Modifiers in the order they are written in a hotkey (`ctrl+alt+shift+cmd+super`). */
export const hotkeyModifiers = ["ctrl", "alt", "shift", "cmd", "super"] as const;

/**
 * Keys whose press alone produces no action. `altgr` and `fn` select characters or layers rather
 * than forming shortcuts; `capslock` only toggles case.
 */
const modifierOnlyKeys = new Set<string>([...hotkeyModifiers, "altgr", "fn", "capslock"]);

export function isModifierKey(key: string): boolean {
  return modifierOnlyKeys.has(key);
}

const controlCharacter = /\p{Cc}/u;

/** One visible character (or a space): the keys and characters that go into `type` text. */
export function isPrintable(value: string | undefined): value is string {
  if (value === undefined || value.length === 0) return false;
  let count = 0;
  for (const _ of value) {
    count++;
    if (count > 1) return false;
  }
  return !controlCharacter.test(value);
}

const usShiftedSymbols: Record<string, string> = {
  "`": "~",
  "1": "!",
  "2": "@",
  "3": "#",
  "4": "$",
  "5": "%",
  "6": "^",
  "7": "&",
  "8": "*",
  "9": "(",
  "0": ")",
  "-": "_",
  "=": "+",
  "[": "{",
  "]": "}",
  "\\": "|",
  ";": ":",
  "'": '"',
  ",": "<",
  ".": ">",
  "/": "?",
};

/** What a US keyboard types for `key` with Shift held. */
export function usShifted(key: string): string {
  if (/^[a-z]$/.test(key)) return key.toUpperCase();
  return usShiftedSymbols[key] ?? key;
}

/** Caps Lock flips the case of letters only (digits and symbols are unaffected on US layouts). */
export function applyCapsLock(text: string): string {
  if (text.toLowerCase() === text.toUpperCase()) return text;
  return text === text.toLowerCase() ? text.toUpperCase() : text.toLowerCase();
}
