/**
 * src/sources/desktop: the desktop recorder's sessions (input_log.jsonl + meta.json +
 * recording.mp4, folder or flat layout) → screen Traces.
 */
export { type DesktopReadOptions, desktopSessionReader } from "./desktop-session-reader.js";
export {
  type KeyboardLayoutName,
  keyboardLayoutNames,
  layoutForLocale,
} from "./keyboard-layouts.js";
export {
  type DesktopSessionFiles,
  listDesktopSessions,
  locateDesktopSession,
} from "./list-desktop-sessions.js";
export {
  type DesktopSessionOptions,
  type DesktopSessionResult,
  desktopSessionFormat,
  readDesktopSession,
} from "./read-desktop-session.js";
