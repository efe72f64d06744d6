/**
 * X11 keysyms (what Guacamole's `key` instruction carries) to the normalised key names of
 * InputEvent. A keysym names the character PRODUCED (shift and AltGr already applied): "A" is
 * 0x41, "!" is 0x21. The key name is the unshifted character, so a hotkey ctrl+shift+C still
 * reads ["ctrl", "shift", "c"]; shifted ASCII punctuation maps back through the US layout, the
 * only layout a keysym stream lets us assume.
 */
export type KeysymMapping =
  | { kind: "key"; key: string; char?: string }
  /** Dead keys produce nothing themselves: Guacamole reports the composed character's keysym. */
  | { kind: "ignored"; name: string }
  | { kind: "unknown" };

const named = new Map<number, string>([
  [0xff08, "backspace"],
  [0xff09, "tab"],
  [0xfe20, "tab"], // ISO_Left_Tab (shift+tab)
  [0xff0a, "enter"], // Linefeed
  [0xff0d, "enter"],
  [0xff8d, "enter"], // KP_Enter
  [0xff13, "pause"],
  [0xff14, "scrolllock"],
  [0xff15, "sysreq"],
  [0xff1b, "escape"],
  [0xffff, "delete"],
  [0xff9f, "delete"], // KP_Delete
  [0xff50, "home"],
  [0xff51, "left"],
  [0xff52, "up"],
  [0xff53, "right"],
  [0xff54, "down"],
  [0xff55, "pageup"],
  [0xff56, "pagedown"],
  [0xff57, "end"],
  [0xff95, "home"],
  [0xff96, "left"],
  [0xff97, "up"],
  [0xff98, "right"],
  [0xff99, "down"],
  [0xff9a, "pageup"],
  [0xff9b, "pagedown"],
  [0xff9c, "end"],
  [0xff61, "printscreen"],
  [0xff63, "insert"],
  [0xff9e, "insert"], // KP_Insert
  [0xff67, "menu"],
  [0xff6a, "help"],
  [0xff7f, "numlock"],
  [0xffe1, "shift"],
  [0xffe2, "shift"],
  [0xffe3, "ctrl"],
  [0xffe4, "ctrl"],
  [0xffe5, "capslock"],
  [0xffe6, "capslock"], // Shift_Lock
  // Guacamole's browser client sends Meta_L for the Mac Command key.
  [0xffe7, "cmd"],
  [0xffe8, "cmd"],
  [0xffe9, "alt"],
  [0xffea, "alt"],
  [0xffeb, "super"],
  [0xffec, "super"],
  [0xffed, "super"], // Hyper
  [0xffee, "super"],
  // AltGr only selects characters (the keysym that follows is already the produced one); the
  // action builder treats "altgr" as a modifier that never forms a hotkey.
  [0xfe03, "altgr"], // ISO_Level3_Shift
  [0xff7e, "altgr"], // Mode_switch
]);

/** Keypad keys that produce a character. */
const keypad = new Map<number, string>([
  [0xff80, " "],
  [0xffaa, "*"],
  [0xffab, "+"],
  [0xffac, ","],
  [0xffad, "-"],
  [0xffae, "."],
  [0xffaf, "/"],
  [0xffbd, "="],
]);

const shiftedUs = '~!@#$%^&*()_+{}|:"<>?';
const unshiftedUs = "`1234567890-=[]\\;',./";

export function mapKeysym(keysym: number): KeysymMapping {
  const name = named.get(keysym);
  if (name) return { kind: "key", key: name };
  if (keysym >= 0xffbe && keysym <= 0xffd5) return { kind: "key", key: `f${keysym - 0xffbe + 1}` };
  if (keysym >= 0xffb0 && keysym <= 0xffb9) return printable(0x30 + keysym - 0xffb0);
  const pad = keypad.get(keysym);
  if (pad) return printable(pad.codePointAt(0)!);
  if (keysym >= 0xfe50 && keysym <= 0xfe93) return { kind: "ignored", name: "dead key" };
  // Latin-1 keysyms equal their code point (0xa0–0xff are the upper half of ISO 8859-1).
  if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff)) {
    return printable(keysym);
  }
  // 0x0100XXXX is "Unicode code point XXXX" for every code point, Latin-1 included (é may come
  // as 0xe9 or 0x010000e9); control characters and surrogates are not characters.
  if (keysym >= 0x01000000 && keysym <= 0x0110ffff) {
    const codePoint = keysym - 0x01000000;
    const control = codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0);
    const surrogate = codePoint >= 0xd800 && codePoint <= 0xdfff;
    if (!control && !surrogate) return printable(codePoint);
  }
  if (keysym === 0x20ac) return printable(0x20ac); // EuroSign, a legacy keysym still in use
  return { kind: "unknown" };
}

function printable(codePoint: number): KeysymMapping {
  const char = String.fromCodePoint(codePoint);
  return { kind: "key", key: unshifted(char), char };
}

function unshifted(char: string): string {
  const us = shiftedUs.indexOf(char);
  if (us >= 0) return unshiftedUs[us]!;
  const lower = char.toLowerCase();
  // Some lowercase forms are longer ("İ" → "i̇"): keep the character itself then.
  return [...lower].length === 1 ? lower : char;
}

/** `0xff0d` style, for messages. */
export function formatKeysym(keysym: number): string {
  return `0x${keysym.toString(16).padStart(4, "0")}`;
}
