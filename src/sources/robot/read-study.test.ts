import { copyFile, cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { traceSchema } from "../../core/trace.js";
import { episodeToTrace } from "./episode-to-trace.js";
import { exampleSessions } from "./example-study.js";
import { looseEpisodeNumbers, readLooseEpisodes, readStudy } from "./read-study.js";

const study = fileURLToPath(new URL("../../../examples/robot/study", import.meta.url));
const samples = fileURLToPath(new URL("../../../test/fixtures/samples/robot", import.meta.url));
const normal = exampleSessions.normal;

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), "tracemill-study-"));
  temporary.push(path);
  return path;
}

describe("readStudy on the example study", () => {
  it("skips practice and flawed sessions, bad_eps (an id and -1) and failed episodes, each with a reason", async () => {
    const result = await readStudy(study);
    expect(result.episodes.map((episode) => [episode.session, episode.episode])).toEqual([
      [normal, 0],
      [normal, 1],
    ]);
    const reasons = result.skipped.map((skip) => [skip.session, skip.episode, skip.reason]);
    expect(reasons).toEqual([
      [exampleSessions.practice, undefined, "practice session"],
      [exampleSessions.flawed, undefined, "session marked flawed"],
      [normal, 2, "listed in bad_eps"],
      [normal, 3, "metrics.success_rate is 0 (pass --include-failed to keep failed episodes)"],
      [normal, 4, "listed in bad_eps (as -1, the session's last episode)"],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it("keeps failed episodes with includeFailed and honours session and episode filters", async () => {
    const all = await readStudy(study, { includeFailed: true });
    expect(all.episodes.map((episode) => episode.episode)).toEqual([0, 1, 3]);
    const some = await readStudy(study, { sessions: [normal], episodes: [1, 2] });
    expect(some.episodes.map((episode) => episode.episode)).toEqual([1]);
    expect(some.skipped.map((skip) => skip.episode)).toEqual([2]);
  });

  it("finds each step's frame and the transcript", async () => {
    const [first, second] = (await readStudy(study)).episodes;
    expect(first?.frameFiles).toHaveLength(24);
    expect(first?.frameFiles?.[11]).toBe(join(study, `videos_${normal}`, "frame_0_11.png"));
    expect(first?.frameFiles?.every((file) => file !== undefined)).toBe(true);
    expect(first?.transcript?.map((line) => line.text)).toEqual([
      "it's drifting towards the right edge",
      "taking over, steering left",
    ]);
    expect(second?.frameFiles).toBeUndefined();
    expect(second?.transcript).toHaveLength(1);
  });

  it("lists broken episodes and sessions missing from the index instead of failing", async () => {
    const root = await tempDir();
    await cp(study, root, { recursive: true });
    await writeFile(
      join(root, `trajectory_data_${normal}`, "trajectory_0_1.json"),
      '{"trajectory": [[1, 2]]}',
    );
    await mkdir(join(root, "trajectory_data_999"));
    await writeFile(
      join(root, `audio_recordings_${normal}`, "trajectory_0_0.srt"),
      "1\n00:00:xx --> 1\nbad\n",
    );
    const result = await readStudy(root);
    expect(result.episodes.map((episode) => episode.episode)).toEqual([0]);
    const broken = result.skipped.find((skip) => skip.episode === 1);
    expect(broken?.reason).toMatch(
      /trajectory_0_1\.json: not a trajectory episode \(trajectory\.0/,
    );
    expect(result.skipped).toContainEqual({
      session: "999",
      path: join(root, "trajectory_data_999"),
      reason: "session missing from traj_metadata.json",
    });
    expect(result.warnings[0]?.message).toContain("trajectory_0_0.srt:2: unreadable timing line");
  });

  it("refuses a folder without traj_metadata.json", async () => {
    await expect(readStudy(await tempDir())).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("readLooseEpisodes", () => {
  const files = [
    join(samples, "trajectory_data", "trajectory_ckpt_53_episode_0.json"),
    join(samples, "trajectory_data", "trajectory_ckpt_0_episode_4.json"),
  ];

  it("reads the episode number from the file name", () => {
    expect(looseEpisodeNumbers("trajectory_ckpt_53_episode_0")).toEqual({
      episode: 0,
      checkpoint: 53,
    });
    expect(looseEpisodeNumbers("trajectory_0_7")).toEqual({ episode: 7 });
    expect(looseEpisodeNumbers("notes")).toBeUndefined();
  });

  it("skips the failed samples by default and keeps them with includeFailed", async () => {
    const skipped = await readLooseEpisodes(files);
    expect(skipped.episodes).toEqual([]);
    expect(skipped.skipped.map((skip) => skip.reason)).toEqual([
      expect.stringContaining("success_rate is 0"),
      expect.stringContaining("success_rate is 0"),
    ]);
    const kept = await readLooseEpisodes(files, { includeFailed: true });
    expect(
      kept.episodes.map((episode) => [episode.session, episode.episode, episode.steps.length]),
    ).toEqual([
      ["loose", 0, 74],
      ["loose", 4, 104],
    ]);
  });

  it("finds frames by the record's framePath name, ignoring other checkpoints' frames", async () => {
    const framesDir = await tempDir();
    const frame = join(samples, "frames", "frame_1982_0_101.jpg");
    await copyFile(frame, join(framesDir, "frame_53_0_51.jpg"));
    await copyFile(frame, join(framesDir, "frame_1982_0_52.jpg"));
    const result = await readLooseEpisodes([files[0] ?? ""], { includeFailed: true, framesDir });
    const frames = result.episodes[0]?.frameFiles ?? [];
    expect(
      frames.flatMap((file, step) => (file === undefined ? [] : [[step, basename(file)]])),
    ).toEqual([[51, "frame_53_0_51.jpg"]]);
  });

  it("gives a reused episode number its own session so corrected copies cannot collide", async () => {
    const root = await tempDir();
    const copy = join(root, "trajectory_ckpt_60_episode_0.json");
    await copyFile(files[0] ?? "", copy);
    const result = await readLooseEpisodes([files[0] ?? "", copy], { includeFailed: true });
    expect(result.episodes.map((episode) => episode.session)).toEqual([
      "loose",
      "loose-trajectory_ckpt_60_episode_0",
    ]);
    expect(result.warnings[0]?.code).toBe("episode_number_reused");
  });
});

describe("episodeToTrace", () => {
  it("makes a valid robot Trace with control actions, interventions, frames and transcript notes", async () => {
    const [episode] = (await readStudy(study)).episodes;
    if (episode === undefined) throw new Error("example episode missing");
    const trace = traceSchema.parse(episodeToTrace(episode));
    expect(trace.kind).toBe("robot");
    expect(trace.steps).toHaveLength(26);
    const actions = trace.steps.filter((step) => step.kind === "action");
    expect(actions).toHaveLength(24);
    expect(actions[10]).toMatchObject({
      t: 1,
      actor: "human",
      intervention: true,
      action: { type: "control", values: episode.steps[10]?.action },
      origin: { offset: 10 },
    });
    expect(actions[9]?.actor).toBe("agent");
    expect(actions[11]?.frame?.path).toBe(episode.frameFiles?.[11]);
    const notes = trace.steps.filter((step) => step.kind === "note");
    expect(notes.map((note) => [note.t, note.text])).toEqual([
      [0.9, "it's drifting towards the right edge"],
      [1.5, "taking over, steering left"],
    ]);
    // The note spoken at 0.9 s follows the record at 0.9 s.
    const noteIndex = trace.steps.findIndex((step) => step.kind === "note");
    expect(trace.steps[noteIndex - 1]).toMatchObject({ t: 0.9, kind: "action" });
    expect(trace.steps.map((step) => step.index)).toEqual(trace.steps.map((_, index) => index));
    expect(episodeToTrace(episode, { hz: 20 }).steps[2]?.t).toBe(0.1);
    expect(episodeToTrace(episode).id).toBe(trace.id);
  });
});

describe("episodeToTrace outcome", () => {
  it("puts the episode's success_rate as a signal on its last action step, for judges", async () => {
    const { episodes } = await readStudy(study);
    const episode = episodes[0];
    if (episode === undefined) throw new Error("example episode missing");
    const actions = episodeToTrace(episode).steps.filter((step) => step.kind === "action");
    expect(actions.at(-1)?.signal).toEqual({
      name: "success_rate",
      value: episode.metrics.success_rate,
    });
    expect(actions.slice(0, -1).every((step) => step.signal === undefined)).toBe(true);
    const unknown = episodeToTrace({ ...episode, metrics: {} }).steps;
    expect(unknown.some((step) => step.signal !== undefined)).toBe(false);
  });
});
