/**
 * src/pipelines/screen: screen sessions (desktop and web) end to end — readers, one-pass frame
 * extraction, SFT/results/previews and grading — as `processScreenSessions`, which the
 * `tracemill process` command and the demo call.
 */
export { attachFrames, type ExtractedFrame } from "./attach-frames.js";
export {
  buildExampleScreenSessions,
  exampleDesktopSessionId,
  exampleSessionTexts,
  exampleWebSessionId,
} from "./example-sessions.js";
export { type ProcessFlags, type ProcessOptions, resolveProcessOptions } from "./options.js";
export { processScreenSession, type SessionOutcome, type SessionTools } from "./process-session.js";
export {
  type ProcessReport,
  processScreenSessions,
  type SessionFailure,
} from "./process-sessions.js";
export { runScreenPipeline } from "./run-screen-pipeline.js";
export { runScreenDemo, type ScreenDemoResult } from "./screen-demo.js";
