/**
 * rdev key names (the desktop recorder's `keydown`/`keyup` `data.key`) → what the key is. rdev
 * names physical key positions after the US layout (`KeyQ` is the key labelled A on AZERTY), so
 * printable keys are returned as a position for the keyboard layout to resolve; every other key
 * gets its normalised name. A few DOM-style aliases (`Digit1`, `Enter`, `ArrowUp`) are accepted
 * because some recorder versions write them.
 */
export type RdevKey =
  | { kind: "position"; position: string }
  | { kind: "named"; key: string }
  | { kind: "fixed"; key: string };

const positionAliases: Record<string, string> = {
  Backquote: "BackQuote",
  BracketLeft: "LeftBracket",
  BracketRight: "RightBracket",
  Semicolon: "SemiColon",
  Backslash: "BackSlash",
  Period: "Dot",
};

const positions = new Set([
  "BackQuote",
  "Minus",
  "Equal",
  "LeftBracket",
  "RightBracket",
  "SemiColon",
  "Quote",
  "BackSlash",
  "IntlBackslash",
  "Comma",
  "Dot",
  "Slash",
]);

const named: Record<string, string> = {
  Return: "enter",
  Enter: "enter",
  KpReturn: "enter",
  NumpadEnter: "enter",
  Backspace: "backspace",
  Tab: "tab",
  Escape: "escape",
  Delete: "delete",
  KpDelete: "delete",
  Insert: "insert",
  Home: "home",
  End: "end",
  PageUp: "pageup",
  PageDown: "pagedown",
  UpArrow: "up",
  DownArrow: "down",
  LeftArrow: "left",
  RightArrow: "right",
  ArrowUp: "up",
  ArrowDown: "down",
  ArrowLeft: "left",
  ArrowRight: "right",
  CapsLock: "capslock",
  ShiftLeft: "shift",
  ShiftRight: "shift",
  Shift: "shift",
  ControlLeft: "ctrl",
  ControlRight: "ctrl",
  Control: "ctrl",
  Alt: "alt",
  AltLeft: "alt",
  AltGr: "altgr",
  AltRight: "altgr",
  Function: "fn",
  PrintScreen: "printscreen",
  ScrollLock: "scrolllock",
  Pause: "pause",
  NumLock: "numlock",
};

/** Keypad keys type the same character whatever the layout. */
const keypad: Record<string, string> = {
  KpMinus: "-",
  KpPlus: "+",
  KpMultiply: "*",
  KpDivide: "/",
  NumpadSubtract: "-",
  NumpadAdd: "+",
  NumpadMultiply: "*",
  NumpadDivide: "/",
};

/** `MetaLeft` is Command on macOS and the Windows/Super key elsewhere. */
export function classifyRdevKey(name: string, macos: boolean): RdevKey | undefined {
  if (name === "MetaLeft" || name === "MetaRight" || name === "Meta") {
    return { kind: "named", key: macos ? "cmd" : "super" };
  }
  const namedKey = named[name];
  if (namedKey !== undefined) return { kind: "named", key: namedKey };
  if (name === "Space") return { kind: "fixed", key: " " };
  const keypadKey = keypad[name];
  if (keypadKey !== undefined) return { kind: "fixed", key: keypadKey };
  const keypadDigit = /^(?:Kp|Numpad)([0-9])$/.exec(name);
  if (keypadDigit) return { kind: "fixed", key: keypadDigit[1] as string };
  const digit = /^(?:Num|Digit)([0-9])$/.exec(name);
  if (digit) return { kind: "position", position: `Num${digit[1]}` };
  if (/^Key[A-Z]$/.test(name)) return { kind: "position", position: name };
  const alias = positionAliases[name] ?? name;
  if (positions.has(alias)) return { kind: "position", position: alias };
  const functionKey = /^F([1-9]|1[0-9]|2[0-4])$/.exec(name);
  if (functionKey) return { kind: "named", key: `f${functionKey[1]}` };
  return undefined;
}
