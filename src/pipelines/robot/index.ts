/**
 * src/pipelines/robot: robot trajectories — read a study or loose episodes, find the takeover
 * segments, propose corrections (a model, or the offline smoothing baseline) and write corrected
 * episodes — as `correctRobotEpisodes(input, deps)`, the one pipeline shape. Behaviour-cloning
 * training over corrected episodes is `trainRobotPolicy` (src/pipelines/robot/train-robot-policy.ts),
 * both in one run `correctAndTrainRobot` (correct-and-train-robot.ts); scoring a checkpoint on
 * held-out episodes is `evaluateRobotPolicy` (evaluate-robot-policy.ts).
 */
export {
  correctAndTrainRobot,
  type RobotCorrectAndTrainInput,
} from "./correct-and-train-robot.js";
export {
  correctRobotEpisodes,
  type RobotCorrectionInput,
  type RobotCorrectionResult,
} from "./correct-robot-episodes.js";
export { evaluateRobotPolicy, type RobotEvaluationInput } from "./evaluate-robot-policy.js";
export { type RobotInputRead, type RobotInputSource, readRobotInput } from "./read-robot-input.js";
export { type RobotTrainingInput, trainRobotPolicy } from "./train-robot-policy.js";
