import type { SourceWarning } from "../types.js";
import type { ActionSink } from "./action-sink.js";
import {
  applyCapsLock,
  hotkeyModifiers,
  isModifierKey,
  isPrintable,
  usShifted,
} from "./key-names.js";
import type { InputEvent } from "./types.js";

type KeyEvent = Extract<InputEvent, { type: "key" }>;

/**
 * Turns key presses into `type` text, hotkeys and special keys. Only presses make actions (a
 * held key's auto-repeat presses each count); releases only update which modifiers are held.
 */
export class KeyboardActions {
  private readonly down = new Set<string>();
  private capsLock = false;

  constructor(
    private readonly sink: ActionSink,
    private readonly warnings: SourceWarning[],
  ) {}

  key(event: KeyEvent): void {
    if (!event.pressed) {
      if (!this.down.delete(event.key)) {
        const warning: SourceWarning = {
          code: "key_up_without_down",
          message: `key ${JSON.stringify(event.key)} released without a press`,
          file: event.origin.file,
        };
        if (event.origin.line !== undefined) warning.line = event.origin.line;
        if (event.origin.offset !== undefined) warning.offset = event.origin.offset;
        this.warnings.push(warning);
      }
      return;
    }
    this.down.add(event.key);
    if (event.key === "capslock") this.capsLock = !this.capsLock;
    if (isModifierKey(event.key)) return;

    // Shift alone changes the character, it does not make a shortcut.
    const shortcut = hotkeyModifiers.filter((name) => name !== "shift" && this.down.has(name));
    if (shortcut.length === 0 && isPrintable(event.key)) {
      this.sink.typeText(event.t, this.character(event), event.origin);
      return;
    }
    const held = hotkeyModifiers.filter((name) => this.down.has(name));
    this.sink.action(event.t, { type: "key", keys: [...held, event.key] }, event.origin);
  }

  private character(event: KeyEvent): string {
    if (isPrintable(event.char)) return event.char;
    const base = this.down.has("shift") ? usShifted(event.key) : event.key;
    return this.capsLock ? applyCapsLock(base) : base;
  }
}
