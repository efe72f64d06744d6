/**
 * src/sources/web: web gym sessions (events JSON + Guacamole recording + video) → screen Traces.
 */
export { jsonElementLines } from "./json-element-lines.js";
export { epochMs, findRaceSession, type RaceSession } from "./race-session.js";
export {
  mergeSteps,
  raceSessionsFile,
  readWebSession,
  webSessionFiles,
  webSessionFormat,
} from "./read-web-session.js";
export { parseWebEvents, type TimeBaseSource, type WebEvents } from "./web-events.js";
export { listWebSessions, webSessionReader } from "./web-session-reader.js";
