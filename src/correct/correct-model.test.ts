import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { modelConfigSchema } from "../core/config.js";
import { createMemoryCache, type ResponseCache } from "../model/cache.js";
import { createModelClient } from "../model/model-client.js";
import { createRateLimiter } from "../model/rate-limiter.js";
import type { Script, ScriptAnswer } from "../model/script.js";
import { type ScriptedOpenAIServer, startScriptedOpenAIServer } from "../model/scripted-server.js";
import { type Episode, episodeToFile, readEpisodeFile } from "../sources/robot/episode.js";
import { readStudy } from "../sources/robot/read-study.js";
import { serializeEpisodeFile } from "../sources/robot/write-episode.js";
import {
  type CorrectEpisodesOptions,
  correctEpisodes,
  correctedEpisodePaths,
} from "./correct-episodes.js";
import { sidecarSchema } from "./sidecar.js";
import type { Strategy } from "./strategies.js";

/** The model path over real HTTP: the scripted OpenAI-compatible server on 127.0.0.1. */
const study = fileURLToPath(new URL("../../examples/robot/study", import.meta.url));

const servers: ScriptedOpenAIServer[] = [];
const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(temporary.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});

async function setup(script: Script) {
  const root = await mkdtemp(join(tmpdir(), "tracemill-correct-model-"));
  temporary.push(root);
  await cp(study, join(root, "study"), { recursive: true });
  // Episode 0 of the normal session: one takeover 10–17, frames for every step.
  const episode = (await readStudy(join(root, "study"), { episodes: [0] })).episodes[0] as Episode;
  const server = await startScriptedOpenAIServer(script);
  servers.push(server);
  const clientWith = (cache?: ResponseCache) =>
    createModelClient(
      modelConfigSchema.parse({
        provider: "openai:gpt-4o-mini",
        baseUrl: server.url,
        apiKey: "test",
        maxRetries: 0,
      }),
      {
        rateLimiter: createRateLimiter({ maxTokens: 100, refillPerSecond: 100, concurrency: 4 }),
        ...(cache === undefined ? {} : { cache }),
      },
    );
  const correctedDir = join(root, "corrected");
  const run = (options: Partial<CorrectEpisodesOptions> = {}) =>
    correctEpisodes([episode], { correctedDir, client: clientWith(), ...options });
  return { root, episode, server, correctedDir, clientWith, run };
}

const window = [10, 11, 12, 13, 14, 15, 16, 17];
const corrections = (
  indices = window,
  action = (index: number) => [round(0.05 * (index - 9)), 0.4],
) => ({
  corrections: indices.map((index) => ({ index, action: action(index) })),
});
const answer = (schemaName: string, value: unknown): ScriptAnswer => ({
  match: { schemaName },
  value,
});
const chatRequests = (server: ScriptedOpenAIServer) =>
  server.requests.filter((request) => request.path === "/v1/chat/completions");

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

describe("correctEpisodes with a scripted vision model", () => {
  it("sends the image grid as a low-detail image part and applies the answer exactly", async () => {
    const { server, run, episode, correctedDir } = await setup({
      answers: [answer("robot_correct", corrections())],
    });
    const summary = await run();
    expect(summary).toMatchObject({ processed: 1, failed: 0, segments: 1, corrected_steps: 8 });
    expect(summary.judge).toEqual({ name: "openai:gpt-4o-mini", offline: false });

    const [request] = chatRequests(server);
    const body = request?.body as {
      messages: { role: string; content: unknown }[];
      response_format: { json_schema: { name: string } };
    };
    expect(body.response_format.json_schema.name).toBe("robot_correct");
    const parts = body.messages[1]?.content as {
      type: string;
      image_url?: { url: string; detail: string };
    }[];
    const images = parts.filter((part) => part.type === "image_url");
    expect(images).toHaveLength(1);
    expect(images[0]?.image_url?.url.startsWith("data:image/jpeg;base64,/9j/")).toBe(true);
    expect(images[0]?.image_url?.detail).toBe("low");

    const { path, sidecarPath } = correctedEpisodePaths(correctedDir, episode);
    const corrected = await readEpisodeFile(path, { session: episode.session, episode: 0 });
    corrected.steps.forEach((step, index) => {
      const expected = window.includes(index)
        ? [round(0.05 * (index - 9)), 0.4]
        : episode.steps[index]?.action;
      expect(step.action, `step ${index}`).toEqual(expected);
    });
    const sidecar = sidecarSchema.parse(JSON.parse(await readFile(sidecarPath, "utf8")));
    expect(sidecar.segments[0]).toMatchObject({
      status: "corrected",
      attempts: 1,
      model: "openai:gpt-4o-mini",
      cached: false,
    });
    expect(sidecar.changes).toHaveLength(8);
    expect(sidecar.changes[0]).toMatchObject({
      index: 10,
      before: [-0.1, 0.5],
      after: [0.05, 0.4],
      model: "openai:gpt-4o-mini",
    });
  });

  it("answers from the cache on a second run: zero new requests, same bytes", async () => {
    const { server, clientWith, correctedDir, episode } = await setup({
      answers: [
        answer("robot_correct", corrections([10, 11])),
        answer("robot_correct", corrections()),
      ],
    });
    const cache = createMemoryCache();
    const first = await correctEpisodes([episode], { correctedDir, client: clientWith(cache) });
    expect(first.failed).toBe(0);
    const sent = chatRequests(server).length;
    expect(sent).toBe(2);
    const { path } = correctedEpisodePaths(correctedDir, episode);
    const bytes = await readFile(path, "utf8");
    const second = await correctEpisodes([episode], {
      correctedDir,
      client: clientWith(cache),
      forceRecorrect: true,
    });
    expect(second).toMatchObject({ processed: 1, failed: 0, corrected_steps: 8 });
    expect(chatRequests(server)).toHaveLength(sent);
    expect(await readFile(path, "utf8")).toBe(bytes);
  });

  it("sends nothing on a dry run and writes nothing", async () => {
    const { server, run, correctedDir } = await setup({ answers: [] });
    const summary = await run({ dryRun: true });
    expect(summary.requests).toHaveLength(1);
    expect(chatRequests(server)).toHaveLength(0);
    await expect(readFile(join(correctedDir, "x"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  const invalid: [Strategy, string, unknown, unknown, string][] = [
    [
      "correct",
      "robot_correct",
      corrections([...window, 18]),
      corrections(),
      "outside the segment",
    ],
    [
      "correct",
      "robot_correct",
      corrections(window.slice(1)),
      corrections(),
      "indices 10 are missing",
    ],
    [
      "correct",
      "robot_correct",
      corrections(window, () => [0.1]),
      corrections(),
      "action has 1 values",
    ],
    [
      "correct",
      "robot_correct",
      corrections(window, () => [0.1, 1.5]),
      corrections(),
      "outside the action bounds",
    ],
    [
      "weight",
      "robot_weight",
      { weights: window.slice(2).map((index) => ({ index, weight: 0.5 })) },
      { weights: window.map((index) => ({ index, weight: 0.5 })) },
      "are missing",
    ],
    [
      "filter",
      "robot_filter",
      { include: [9, ...window].map((index) => ({ index, include: true })) },
      { include: window.map((index) => ({ index, include: index % 2 === 0 })) },
      "outside the segment",
    ],
    [
      "reject",
      "robot_reject",
      { direction: "sideways", reason: "?" },
      { direction: "left", reason: "over-steer" },
      "direction",
    ],
  ];

  it.each(invalid)(
    "%s: an invalid answer is re-asked with the problem, then applied",
    async (strategy, schemaName, bad, good, problem) => {
      const { server, run } = await setup({
        answers: [answer(schemaName, bad), answer(schemaName, good)],
      });
      const summary = await run({ strategy, maxRetries: 2 });
      expect(summary).toMatchObject({ processed: 1, failed: 0 });
      expect(summary.warnings).toEqual([]);
      const requests = chatRequests(server);
      // A schema mismatch is re-asked once by the door itself; our re-ask follows a validation failure.
      const last = requests.at(-1)?.body as { messages: { role: string; content: unknown }[] };
      expect(JSON.stringify(last.messages.at(-1)?.content)).toContain(problem);
      expect(summary.corrected_steps).toBeGreaterThan(0);
    },
  );

  it("leaves the segment uncorrected with a warning once the retries are used up", async () => {
    const bad = answer("robot_correct", corrections([...window, 30]));
    const { server, run, episode, correctedDir } = await setup({ answers: [{ ...bad, times: 3 }] });
    const summary = await run({ maxRetries: 2 });
    expect(chatRequests(server)).toHaveLength(3);
    expect(summary).toMatchObject({ processed: 1, failed: 0, corrected_steps: 0 });
    expect(summary.warnings[0]?.message).toMatch(
      /segment 10–17 left uncorrected after 3 attempt\(s\): indices 30 are outside/,
    );
    const { path, sidecarPath } = correctedEpisodePaths(correctedDir, episode);
    expect(await readFile(path, "utf8")).toBe(serializeEpisodeFile(episodeToFile(episode)));
    const sidecar = sidecarSchema.parse(JSON.parse(await readFile(sidecarPath, "utf8")));
    expect(sidecar.segments[0]).toMatchObject({ status: "uncorrected", attempts: 3 });
    expect(sidecar.changes).toEqual([]);
  });

  it("counts an episode as failed when the endpoint refuses, and writes nothing for it", async () => {
    const { run, episode, correctedDir } = await setup({
      answers: [
        { match: { schemaName: "robot_correct" }, error: { status: 400, message: "bad request" } },
      ],
    });
    const summary = await run();
    expect(summary).toMatchObject({ processed: 0, failed: 1 });
    expect(summary.warnings[0]?.message).toContain("episode not corrected: permanent");
    await expect(readFile(correctedEpisodePaths(correctedDir, episode).path)).rejects.toMatchObject(
      { code: "ENOENT" },
    );
  });
});
