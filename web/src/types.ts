/** The view models the server sends (made in src/viewer/*-view.ts), imported as types only. */
export type { DatasetSummary, DatasetView, ExporterView } from "../../src/viewer/dataset-view.js";
export type {
  DevtraceStep,
  DevtraceSummary,
  DevtraceView,
} from "../../src/viewer/devtrace-view.js";
export type {
  InsightsSummary,
  InsightsView,
  ShownCluster,
  TreeNode,
} from "../../src/viewer/insights-view.js";
export type { RobotEpisodeView, TrainingView } from "../../src/viewer/robot-view.js";
export type { RunDetailView, RunRow, StageRow } from "../../src/viewer/runs-view.js";
export type {
  SessionStep,
  SessionSummary,
  SessionView,
} from "../../src/viewer/session-view.js";

export interface Overview {
  runsDir: string;
  dataDir: string | null;
  static?: string;
  counts: Record<"runs" | "sessions" | "insights" | "datasets" | "devtraces" | "robot", number>;
}
