import { isPrintable } from "../input-actions/key-names.js";
import { type KeyboardLayoutName, keyboardLayout } from "./keyboard-layouts.js";
import { classifyRdevKey } from "./rdev-keys.js";

export interface MappedKey {
  key: string;
  char?: string;
}

/**
 * Maps the recorder's key events to normalised keys and the characters they typed. It keeps its
 * own Shift/AltGr/Caps Lock state because the layout decides what Shift does (Shift+1 is "!" on
 * US, "1" on AZERTY), which the layout-free action builder cannot know. `actual_char`, when the
 * recorder wrote it, wins over the layout.
 */
export class DesktopKeyMapper {
  private readonly layout;
  private readonly shiftsDown = new Set<string>();
  private readonly altGrDown = new Set<string>();
  private capsLock = false;

  constructor(
    layoutName: KeyboardLayoutName,
    private readonly macos: boolean,
  ) {
    this.layout = keyboardLayout(layoutName, macos);
  }

  /** undefined when the key is unknown and no `actual_char` says what it typed. */
  map(name: string, pressed: boolean, actualChar: unknown): MappedKey | undefined {
    const known = classifyRdevKey(name, this.macos);
    const typed =
      typeof actualChar === "string" && isPrintable(actualChar) ? actualChar : undefined;
    if (known === undefined) {
      return typed === undefined ? undefined : { key: typed.toLowerCase(), char: typed };
    }
    if (known.kind === "named") {
      this.track(name, known.key, pressed);
      return { key: known.key };
    }
    if (known.kind === "fixed") {
      return typed === undefined
        ? { key: known.key, char: known.key }
        : { key: known.key, char: typed };
    }
    const layer = this.layout[known.position];
    if (layer === undefined)
      return typed === undefined ? undefined : { key: typed.toLowerCase(), char: typed };
    if (typed !== undefined) return { key: layer[0], char: typed };
    return { key: layer[0], char: this.character(layer) };
  }

  private character(layer: readonly [string, string, string?]): string {
    if (this.altGrDown.size > 0 && layer[2] !== undefined) return layer[2];
    const letter = layer[0].toLowerCase() !== layer[0].toUpperCase();
    const shifted = this.shiftsDown.size > 0 !== (this.capsLock && letter);
    return shifted ? layer[1] : layer[0];
  }

  private track(name: string, key: string, pressed: boolean): void {
    if (key === "capslock") {
      if (pressed) this.capsLock = !this.capsLock;
      return;
    }
    const held = key === "shift" ? this.shiftsDown : key === "altgr" ? this.altGrDown : undefined;
    if (held === undefined) return;
    if (pressed) held.add(name);
    else held.delete(name);
  }
}
