/**
 * What each physical key position (rdev/US names) types on the supported layouts: `[plain,
 * shift, altgr?]`. Only the positions that differ from US are listed for fr and de. Dead keys
 * (^ ¨ ´ `) are written as the accent itself: the recorder does not tell us the next key.
 */
export type KeyboardLayoutName = "us" | "fr" | "de";
export const keyboardLayoutNames: readonly KeyboardLayoutName[] = ["us", "fr", "de"];

type Layer = readonly [string, string, string?];
type Layout = Readonly<Record<string, Layer>>;

function letters(map: Record<string, string>): Record<string, Layer> {
  const result: Record<string, Layer> = {};
  for (const [position, letter] of Object.entries(map))
    result[position] = [letter, letter.toUpperCase()];
  return result;
}

const usLetters: Record<string, string> = {};
for (const letter of "abcdefghijklmnopqrstuvwxyz") usLetters[`Key${letter.toUpperCase()}`] = letter;

const us: Layout = {
  ...letters(usLetters),
  BackQuote: ["`", "~"],
  Num1: ["1", "!"],
  Num2: ["2", "@"],
  Num3: ["3", "#"],
  Num4: ["4", "$"],
  Num5: ["5", "%"],
  Num6: ["6", "^"],
  Num7: ["7", "&"],
  Num8: ["8", "*"],
  Num9: ["9", "("],
  Num0: ["0", ")"],
  Minus: ["-", "_"],
  Equal: ["=", "+"],
  LeftBracket: ["[", "{"],
  RightBracket: ["]", "}"],
  BackSlash: ["\\", "|"],
  IntlBackslash: ["\\", "|"],
  SemiColon: [";", ":"],
  Quote: ["'", '"'],
  Comma: [",", "<"],
  Dot: [".", ">"],
  Slash: ["/", "?"],
};

const fr: Layout = {
  ...us,
  ...letters({ KeyQ: "a", KeyW: "z", KeyA: "q", KeyZ: "w", SemiColon: "m" }),
  KeyE: ["e", "E", "€"],
  BackQuote: ["²", "²"],
  Num1: ["&", "1"],
  Num2: ["é", "2", "~"],
  Num3: ['"', "3", "#"],
  Num4: ["'", "4", "{"],
  Num5: ["(", "5", "["],
  Num6: ["-", "6", "|"],
  Num7: ["è", "7", "`"],
  Num8: ["_", "8", "\\"],
  Num9: ["ç", "9", "^"],
  Num0: ["à", "0", "@"],
  Minus: [")", "°", "]"],
  Equal: ["=", "+", "}"],
  LeftBracket: ["^", "¨"],
  RightBracket: ["$", "£", "¤"],
  Quote: ["ù", "%"],
  BackSlash: ["*", "µ"],
  IntlBackslash: ["<", ">"],
  KeyM: [",", "?"],
  Comma: [";", "."],
  Dot: [":", "/"],
  Slash: ["!", "§"],
};

/** Apple's French layout moves a few symbols of the PC one. */
const frMac: Layout = {
  ...fr,
  BackQuote: ["@", "#"],
  Num6: ["§", "6"],
  Num8: ["!", "8"],
  Equal: ["-", "_"],
  Slash: ["=", "+"],
};

const de: Layout = {
  ...us,
  ...letters({ KeyY: "z", KeyZ: "y" }),
  KeyQ: ["q", "Q", "@"],
  KeyE: ["e", "E", "€"],
  KeyM: ["m", "M", "µ"],
  BackQuote: ["^", "°"],
  Num2: ["2", '"', "²"],
  Num3: ["3", "§", "³"],
  Num6: ["6", "&"],
  Num7: ["7", "/", "{"],
  Num8: ["8", "(", "["],
  Num9: ["9", ")", "]"],
  Num0: ["0", "=", "}"],
  Minus: ["ß", "?", "\\"],
  Equal: ["´", "`"],
  LeftBracket: ["ü", "Ü"],
  RightBracket: ["+", "*", "~"],
  SemiColon: ["ö", "Ö"],
  Quote: ["ä", "Ä"],
  BackSlash: ["#", "'"],
  IntlBackslash: ["<", ">", "|"],
  Comma: [",", ";"],
  Dot: [".", ":"],
  Slash: ["-", "_"],
};

export function keyboardLayout(name: KeyboardLayoutName, macos: boolean): Layout {
  if (name === "fr") return macos ? frMac : fr;
  if (name === "de") return de;
  return us;
}

/** `fr-FR`, `fr_CA` → fr; `de-DE`, `de-AT` → de; anything else → us. */
export function layoutForLocale(locale: string | undefined): KeyboardLayoutName {
  const language = locale?.toLowerCase().split(/[-_]/)[0];
  if (language === "fr") return "fr";
  if (language === "de") return "de";
  return "us";
}

/**
 * The recorder's `keyboard_layout` (`us-qwerty`, `fr-azerty`, `de-qwertz`, `azerty`, …) → a
 * layout; undefined when it names none we know (the locale decides then).
 */
export function layoutForRecorderName(name: string | undefined): KeyboardLayoutName | undefined {
  if (name === undefined) return undefined;
  const parts = name.toLowerCase().split(/[-_\s]/);
  if (parts.includes("azerty") || parts[0] === "fr") return "fr";
  if (parts.includes("qwertz") || parts[0] === "de") return "de";
  if (parts.includes("qwerty") || parts[0] === "us" || parts[0] === "en") return "us";
  return undefined;
}
