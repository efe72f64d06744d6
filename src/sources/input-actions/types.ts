/**
 * Low-level input events, the common language of every recorder of mouse and keyboard input
 * (the desktop input_log.jsonl, the Guacamole protocol). Readers map their own events to these;
 * `buildInputActions` turns them into Trace steps (click, double_click, drag, scroll, type, key,
 * focus) once, for every source.
 *
 * Coordinates are in the recorder's own space (logical points for the desktop recorder); the
 * builder multiplies by `scale` so Actions carry physical pixels, as in the video.
 * `t` is seconds from the trace start.
 */
export interface InputOrigin {
  file: string;
  line?: number;
  offset?: number;
}

export type MouseButton = "left" | "right" | "middle";

export type InputEvent =
  | { type: "move"; t: number; x: number; y: number; origin: InputOrigin }
  | {
      type: "button";
      t: number;
      pressed: boolean;
      button: MouseButton;
      /** Absent when the recorder does not say (desktop): the last move's position is used. */
      x?: number;
      y?: number;
      origin: InputOrigin;
    }
  | {
      type: "wheel";
      t: number;
      dx: number;
      dy: number;
      x?: number;
      y?: number;
      origin: InputOrigin;
    }
  | {
      type: "key";
      t: number;
      pressed: boolean;
      /**
       * Normalised key name: the unshifted character for printable keys ("a", "1", ";", " ")
       * or a lowercase name: enter, backspace, tab, escape, delete, shift, ctrl, alt, cmd, super,
       * capslock, up, down, left, right, home, end, pageup, pagedown, insert, f1…f24.
       */
      key: string;
      /** The character the press produced (shift applied), when the recorder knows it. */
      char?: string;
      origin: InputOrigin;
    }
  | { type: "focus"; t: number; app: string; title?: string; origin: InputOrigin }
  | {
      /** What is on screen (an accessibility tree, flattened): click targets and the focused field. */
      type: "elements";
      t: number;
      elements: UiElement[];
      origin: InputOrigin;
    };

/** One on-screen element with its box in input coordinates (logical points on the desktop). */
export interface UiElement {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The platform's role name, e.g. `AXButton`, `AXSecureTextField`, `password`. */
  role: string;
  /** Title or description; never the element's value (a field's value may be a secret). */
  label?: string;
  /** A password field: text typed while it has focus is masked. */
  secure?: boolean;
  /** The element that had keyboard focus when the tree was taken. */
  focused?: boolean;
}

export interface BuildInputActionsOptions {
  /** Physical pixels per input coordinate unit (2 for a retina desktop log). Default 1. */
  scale?: number;
  /** Press and release within this distance (input units) and time make a click. Defaults 5, 500. */
  clickMaxDistance?: number;
  clickMaxMs?: number;
  /** Two clicks this close in space and time make a double click. Defaults 5, 500. */
  doubleClickMaxDistance?: number;
  doubleClickMaxMs?: number;
  /** Typed characters separated by more than this start a new `type` action. Default 1000. */
  typingGapMs?: number;
  /** Wheel events closer than this are one scroll action. Default 500. */
  scrollGapMs?: number;
  /** Points a drag path is resampled to, by arc length. Default 8. */
  dragPoints?: number;
}
