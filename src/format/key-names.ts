/**
 * Trace key names (src/sources/input-actions/types.ts: the unshifted character for printable
 * keys, else a lowercase name such as enter, cmd, pageup, f5) in each provider's vocabulary.
 * Unknown names pass through unchanged rather than being dropped.
 */

/** Anthropic's computer tool takes xdotool key syntax ("ctrl+s", "Return"). */
const xdotoolNames: Record<string, string> = {
  enter: "Return",
  backspace: "BackSpace",
  tab: "Tab",
  escape: "Escape",
  delete: "Delete",
  insert: "Insert",
  capslock: "Caps_Lock",
  up: "Up",
  down: "Down",
  left: "Left",
  right: "Right",
  home: "Home",
  end: "End",
  pageup: "Page_Up",
  pagedown: "Page_Down",
  shift: "shift",
  ctrl: "ctrl",
  alt: "alt",
  // macOS Command and the Windows key are both the X11 Super modifier.
  cmd: "super",
  super: "super",
  " ": "space",
  ";": "semicolon",
  ",": "comma",
  ".": "period",
  "/": "slash",
  "\\": "backslash",
  "-": "minus",
  "=": "equal",
  "+": "plus",
  "[": "bracketleft",
  "]": "bracketright",
  "'": "apostrophe",
  "`": "grave",
};

export function toXdotoolKey(key: string): string {
  const named = xdotoolNames[key];
  if (named) return named;
  const fn = /^f(\d{1,2})$/.exec(key);
  if (fn) return `F${fn[1]}`;
  return key;
}

/** OpenAI's computer_call keypress takes upper-case names: ["CTRL", "C"]. */
const openAiNames: Record<string, string> = {
  escape: "ESC",
  up: "ARROWUP",
  down: "ARROWDOWN",
  left: "ARROWLEFT",
  right: "ARROWRIGHT",
  " ": "SPACE",
};

export function toOpenAiKey(key: string): string {
  return openAiNames[key] ?? key.toUpperCase();
}
