import { describe, expect, it } from "vitest";
import * as tracemill from "./index.js";

describe("the package's public API", () => {
  it("exports the screen grader under the names the seed documented", () => {
    for (const name of [
      "Grader",
      "sftToChunks",
      "TimeoutError",
      "PermanentError",
      "TransientError",
    ]) {
      expect(tracemill, name).toHaveProperty(name);
    }
    const grader = new tracemill.Grader({});
    for (const method of [
      "evaluateSession",
      "updateEvaluationCriteria",
      "getEvaluationCriteria",
      "getRateLimiterStats",
    ] as const) {
      expect(typeof grader[method], method).toBe("function");
    }
    expect(grader.getRateLimiterStats()).toMatchObject({ maxTokens: 10 });
  });
});

describe("the later pipelines' public API", () => {
  it("exports the devtrace service, verifier, robot and training stages", () => {
    for (const name of [
      "startDevtraceService",
      "buildServer",
      "createDevtraceClient",
      "createDevtraceStore",
      "openBlobStore",
      "createJobQueue",
      "verifyDevtrace",
      "sealDevtrace",
      "verifyDevtraceFile",
      "judgeDevtrace",
      "readStudy",
      "findSegments",
      "correctEpisodes",
      "trainBc",
      "correctAndTrain",
      "exportLeRobot",
      "loadPolicy",
    ]) {
      expect(typeof (tracemill as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});
