import type { Action } from "../core/trace.js";

/**
 * Actions as the pyautogui-style calls sft.json has always used, one call per line:
 *   click(x, y) · right_click(x, y) · middle_click(x, y) · double_click(x, y) · move_to(x, y)
 *   drag([(x1, y1), …]) · type("…") · hotkey("cmd+c") · scroll(n) · hscroll(n)
 * Decisions:
 * - a single key is `hotkey("enter")` (not press()), so consumers see one key form only;
 * - `scroll(n)`: n = −dy, positive scrolls UP (pyautogui's convention); a horizontal component
 *   becomes a second line `hscroll(n)` with n = dx, positive RIGHT. The position is left out
 *   unless asked for (`scroll(n, x=…, y=…)`), because existing parsers expect `scroll(n)`;
 * - a non-left button on a double click or drag is a keyword argument `button="right"`.
 * Coordinates must already be in the target space (see image-space.ts).
 */

export interface ActionCodeOptions {
  /** Add `x=…, y=…` to scroll calls when the position is known. Default false. */
  scrollWithPosition?: boolean;
}

/**
 * A Python string literal: JSON escaping (valid Python) plus \uXXXX for the backtick, so a
 * typed "```" can never close the markdown fence, and for U+0085, U+2028 and U+2029, which
 * JSON leaves raw but Python's str.splitlines() and many markdown readers treat as line breaks.
 */
export function pyString(text: string): string {
  return JSON.stringify(text).replace(
    /[`\u0085\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function buttonArg(button: "left" | "right" | "middle"): string {
  return button === "left" ? "" : `, button=${pyString(button)}`;
}

/** The code for one action, or undefined for actions that are not screen input. */
export function actionToCode(action: Action, options: ActionCodeOptions = {}): string | undefined {
  switch (action.type) {
    case "click": {
      const name = action.button === "left" ? "click" : `${action.button}_click`;
      return `${name}(${action.x}, ${action.y})`;
    }
    case "double_click":
      return `double_click(${action.x}, ${action.y}${buttonArg(action.button)})`;
    case "move":
      return `move_to(${action.x}, ${action.y})`;
    case "drag": {
      const points = action.path.map(([x, y]) => `(${x}, ${y})`).join(", ");
      return `drag([${points}]${buttonArg(action.button)})`;
    }
    case "type":
      return `type(${pyString(action.text)})`;
    case "key":
      return `hotkey(${pyString(action.keys.join("+"))})`;
    case "scroll":
      return scrollCode(action, options);
    default:
      return undefined;
  }
}

function scrollCode(
  action: Extract<Action, { type: "scroll" }>,
  options: ActionCodeOptions,
): string | undefined {
  const at =
    options.scrollWithPosition && action.x !== undefined && action.y !== undefined
      ? `, x=${action.x}, y=${action.y}`
      : "";
  const lines: string[] = [];
  const vertical = Math.round(-action.dy);
  const horizontal = Math.round(action.dx);
  if (vertical !== 0) lines.push(`scroll(${vertical}${at})`);
  if (horizontal !== 0) lines.push(`hscroll(${horizontal}${at})`);
  // A scroll whose deltas round to zero still happened: keep it visible as a zero scroll.
  if (lines.length === 0) lines.push(`scroll(0${at})`);
  return lines.join("\n");
}

/** The sft.json assistant content for an action: a fenced python block. */
export function pythonBlock(code: string): string {
  return `\`\`\`python\n${code}\n\`\`\``;
}

/**
 * A Python comment naming the element a click landed on: `# "Save" button`. The role is the
 * accessibility role in words (`AXSecureTextField` → "secure text field").
 */
export function targetComment(target: { role: string; label?: string }): string {
  const role = target.role
    .replace(/^AX/, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace(/[\r\n]+/g, " ")
    .trim();
  const label =
    target.label === undefined
      ? ""
      : `${pyString(target.label.replace(/\s+/g, " ").slice(0, 80))} `;
  return `# ${label}${role}`;
}
