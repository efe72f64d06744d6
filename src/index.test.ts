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

describe("the public API is the public API only", () => {
  it("exports what the README imports and the spine's entries", () => {
    for (const name of [
      "processScreenSessions",
      "runExport",
      "runLeRobotExport",
      "runInsights",
      "createModelClient",
      "createEmbedder",
      "createRedactor",
      "openRun",
      "loadConfig",
      "episodeToTrace",
      "readDesktopSession",
      "readWebSession",
      "readChunkFolder",
      "gradeConversations",
      "gradeConversation",
      // Robot episodes on the spine (18f): the judge, the Trace's inverse, the evaluation entry.
      "judgeRobotEpisodeOffline",
      "traceToEpisode",
      "evaluateRobotPolicy",
      // The model robot judge (18k).
      "judgeRobotEpisode",
    ]) {
      expect(typeof (tracemill as Record<string, unknown>)[name], name).toBe("function");
    }
    expect(tracemill.traceSchemaId).toBe("tracemill.trace/v1");
  });

  it("keeps internals out: hashing, caches, retries, clustering steps, sandbox plumbing", () => {
    const internals = [
      "canonicalJson",
      "sha256Hex",
      "buildHashChain",
      "createDiskCache",
      "createMemoryCache",
      "withRetries",
      "sharedRateLimiter",
      "kmeansPlusPlus",
      "tokenize",
      "buildBwrapArgs",
      "runMigrations",
      "openPglite",
      "smoothL1",
      "createAdamW",
      "extractFrames",
      "errorResponse",
    ];
    expect(internals.filter((name) => name in tracemill)).toEqual([]);
    // About 700 names before issue 18; the public surface stays small enough to document.
    expect(Object.keys(tracemill).length).toBeLessThan(150);
  });
});
