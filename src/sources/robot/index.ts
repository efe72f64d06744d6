// Robot teleoperation episodes: the episode file contract, the study reader (traj_metadata.json,
// per-session trajectories, .srt transcripts, frames), loose episode files, and the Trace view.
// Readers never throw for one bad episode: it is listed in `skipped` with its reason.
export {
  type Episode,
  type EpisodeFile,
  type EpisodeStep,
  episodeFileSchema,
  episodeToFile,
  parseEpisode,
  readEpisodeFile,
  type TrajectoryRecord,
  type TranscriptLine,
  trajectoryRecordSchema,
} from "./episode.js";
export {
  type EpisodeToTraceOptions,
  episodeToTrace,
  robotSourceFormat,
  robotSuccessSignal,
} from "./episode-to-trace.js";
export {
  type FrameFolder,
  type FrameName,
  framesForEpisode,
  parseFrameName,
} from "./frame-index.js";
export { parseSrt, type SrtParseResult } from "./parse-srt.js";
export {
  looseEpisodeNumbers,
  type ReadLooseOptions,
  type ReadStudyOptions,
  readLooseEpisodes,
  readStudy,
  type SkippedEpisode,
  type StudyReadResult,
  type StudySession,
  studySessionSchema,
} from "./read-study.js";
export {
  episodeSkippedCode,
  type RobotReadOptions,
  type RobotReadResult,
  readLooseRobotTraces,
  robotStudyReader,
} from "./robot-study-reader.js";
export { traceToEpisode } from "./trace-to-episode.js";
export { serializeEpisodeFile, writeEpisodeFile, writeTextAtomic } from "./write-episode.js";
