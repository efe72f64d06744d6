/**
 * src/sources/input-actions: low-level mouse/keyboard/focus events → Trace action steps, shared
 * by every screen-recording reader (desktop input logs, Guacamole recordings).
 */

export { maskedPassword } from "./action-sink.js";
export {
  type BuildInputActionsResult,
  buildInputActions,
  defaultInputActionsOptions,
  flagOutsideRecording,
} from "./build-input-actions.js";
export { hotkeyModifiers, isModifierKey, isPrintable, usShifted } from "./key-names.js";
export { type Point, resamplePath } from "./resample-path.js";
export { createMoveThinner, type MoveThinner } from "./thin-moves.js";
export type {
  BuildInputActionsOptions,
  InputEvent,
  InputOrigin,
  MouseButton,
  UiElement,
} from "./types.js";
