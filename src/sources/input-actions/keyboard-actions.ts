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

const isShortcutModifier = (key: string): boolean =>
  (hotkeyModifiers as readonly string[]).includes(key);

type KeyEvent = Extract<InputEvent, { type: "key" }>;

/** After this long without key activity a held modifier is taken as released (its key-up was lost). */
export const modifierIdleReleaseMs = 2000;

/**
 * Turns key presses into `type` text, hotkeys and special keys. Only presses make actions (a
 * held key's auto-repeat presses each count); releases only update which modifiers are held.
 */
export class KeyboardActions {
  private readonly down = new Set<string>();
  private capsLock = false;
  private lastKey: { t: number; key: string; pressed: boolean } | undefined;
  private lostReleases = 0;
  private firstLost: KeyEvent["origin"] | undefined;

  constructor(
    private readonly sink: ActionSink,
    private readonly warnings: SourceWarning[],
  ) {}

  key(event: KeyEvent): void {
    const previous = this.lastKey;
    this.lastKey = { t: event.t, key: event.key, pressed: event.pressed };
    if (
      event.pressed &&
      previous !== undefined &&
      (event.t - previous.t) * 1000 >= modifierIdleReleaseMs
    )
      this.releaseModifiers(event.origin);
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
    if (isModifierKey(event.key)) {
      // Pressed again while held: its release was lost, unless this is the key's own auto-repeat.
      const repeat = previous?.key === event.key && previous.pressed;
      if (isShortcutModifier(event.key) && this.down.has(event.key) && !repeat)
        this.lost(event.origin);
      this.down.add(event.key);
      if (event.key === "capslock") this.capsLock = !this.capsLock;
      return;
    }
    this.down.add(event.key);

    // Shift alone changes the character, it does not make a shortcut.
    const shortcut = hotkeyModifiers.filter((name) => name !== "shift" && this.down.has(name));
    if (shortcut.length === 0 && isPrintable(event.key)) {
      this.sink.typeText(event.t, this.character(event), event.origin);
      return;
    }
    const held = hotkeyModifiers.filter((name) => this.down.has(name));
    this.sink.action(event.t, { type: "key", keys: [...held, event.key] }, event.origin);
  }

  /** A focus change (or a long pause) ends every shortcut: held modifiers whose release was lost are let go. */
  releaseModifiers(origin: KeyEvent["origin"]): void {
    for (const key of this.down) {
      if (!isShortcutModifier(key)) continue;
      this.down.delete(key);
      this.lost(origin);
    }
  }

  /** One warning for the whole session, with the count, rather than one per key. */
  end(): void {
    if (this.lostReleases === 0 || this.firstLost === undefined) return;
    const warning: SourceWarning = {
      code: "modifier_release_lost",
      message: `${this.lostReleases} modifier key releases were missing; the modifiers were released at a focus change, after ${modifierIdleReleaseMs / 1000} s without keys, or when pressed again`,
      file: this.firstLost.file,
    };
    if (this.firstLost.line !== undefined) warning.line = this.firstLost.line;
    if (this.firstLost.offset !== undefined) warning.offset = this.firstLost.offset;
    this.warnings.push(warning);
  }

  private lost(origin: KeyEvent["origin"]): void {
    this.lostReleases++;
    this.firstLost ??= origin;
  }

  private character(event: KeyEvent): string {
    if (isPrintable(event.char)) return event.char;
    const base = this.down.has("shift") ? usShifted(event.key) : event.key;
    return this.capsLock ? applyCapsLock(base) : base;
  }
}
