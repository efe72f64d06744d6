import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { EpisodeFile, TrajectoryRecord } from "./episode.js";
import { serializeEpisodeFile } from "./write-episode.js";

/**
 * The example study under examples/robot/study, built by code so the demo and the tests can
 * rebuild it and a test can check the committed copy: one practice session, one flawed session,
 * and one normal session whose episodes cover every skip rule (bad_eps with an id and with -1,
 * success_rate 0) and every correction path (a long takeover, a short one below --min-segment,
 * an episode without frames). Observations have 8 values, actions 2, 24 steps at 10 Hz.
 */
export const exampleSessions = {
  practice: "010120260900",
  flawed: "010120260915",
  normal: "010120260930",
} as const;

const stepsPerEpisode = 24;

interface EpisodePlan {
  session: string;
  episode: number;
  successRate: number;
  takeovers: [number, number][];
  frames: boolean;
  transcript: { start: number; end: number; text: string }[];
}

const plans: EpisodePlan[] = [
  {
    session: exampleSessions.practice,
    episode: 0,
    successRate: 1,
    takeovers: [[8, 12]],
    frames: false,
    transcript: [],
  },
  {
    session: exampleSessions.flawed,
    episode: 0,
    successRate: 1,
    takeovers: [[8, 12]],
    frames: false,
    transcript: [],
  },
  {
    session: exampleSessions.normal,
    episode: 0,
    successRate: 1,
    takeovers: [[10, 17]],
    frames: true,
    transcript: [
      { start: 0.9, end: 1.4, text: "it's drifting towards the right edge" },
      { start: 1.5, end: 2.2, text: "taking over, steering left" },
    ],
  },
  {
    session: exampleSessions.normal,
    episode: 1,
    successRate: 1,
    takeovers: [
      [4, 5],
      [14, 19],
    ],
    frames: false,
    transcript: [{ start: 1.3, end: 1.9, text: "car ahead is braking, slowing down" }],
  },
  {
    session: exampleSessions.normal,
    episode: 2,
    successRate: 1,
    takeovers: [[6, 9]],
    frames: false,
    transcript: [],
  },
  {
    session: exampleSessions.normal,
    episode: 3,
    successRate: 0,
    takeovers: [[12, 16]],
    frames: false,
    transcript: [{ start: 1.1, end: 1.6, text: "we're off the road" }],
  },
  {
    session: exampleSessions.normal,
    episode: 4,
    successRate: 1,
    takeovers: [],
    frames: false,
    transcript: [],
  },
];

export const exampleMetadata = {
  [exampleSessions.practice]: { bad_eps: [], name: "ada", practice: true, flawed: false },
  [exampleSessions.flawed]: { bad_eps: [], name: "ada", practice: false, flawed: true },
  [exampleSessions.normal]: { bad_eps: [2, -1], name: "ada", practice: false, flawed: false },
};

/** Every file of the example study: relative path → text, or PNG pixels to encode. */
export interface ExampleFiles {
  texts: Map<string, string>;
  images: Map<string, { width: number; height: number; pixels: Buffer }>;
}

export function exampleStudyFiles(): ExampleFiles {
  const texts = new Map<string, string>();
  const images = new Map<string, { width: number; height: number; pixels: Buffer }>();
  texts.set("traj_metadata.json", `${JSON.stringify(exampleMetadata, null, 2)}\n`);
  for (const plan of plans) {
    const file = exampleEpisode(plan);
    texts.set(
      `trajectory_data_${plan.session}/trajectory_0_${plan.episode}.json`,
      serializeEpisodeFile(file),
    );
    if (plan.transcript.length > 0)
      texts.set(
        `audio_recordings_${plan.session}/trajectory_0_${plan.episode}.srt`,
        srtText(plan.transcript),
      );
    if (plan.frames) {
      file.trajectory.forEach((record, step) => {
        images.set(
          `videos_${plan.session}/frame_${plan.episode}_${step}.png`,
          roadFrame(record[1][0] ?? 0, step),
        );
      });
    }
  }
  return { texts, images };
}

export async function buildExampleStudy(directory: string): Promise<string[]> {
  const { default: sharp } = await import("sharp");
  const files = exampleStudyFiles();
  const written: string[] = [];
  for (const [relative, text] of files.texts) {
    const path = join(directory, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    written.push(path);
  }
  for (const [relative, image] of files.images) {
    const path = join(directory, relative);
    await mkdir(dirname(path), { recursive: true });
    await sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: 3 } })
      .png({ compressionLevel: 9 })
      .toFile(path);
    written.push(path);
  }
  return written.sort();
}

function exampleEpisode(plan: EpisodePlan): EpisodeFile {
  const trajectory: TrajectoryRecord[] = [];
  for (let step = 0; step < stepsPerEpisode; step += 1) {
    const phase = step / 4 + plan.episode;
    const observation = Array.from({ length: 8 }, (_, d) =>
      round4(Math.sin(phase + d) * 0.5 + 0.5),
    );
    const takeover = plan.takeovers.find(([start, end]) => step >= start && step <= end);
    let action = [round4(-0.05 * Math.sin(phase)), 0.5];
    if (takeover !== undefined) {
      const offset = step - takeover[0];
      // A late, over-steered reaction with a jerk in the middle, as humans do when surprised.
      const steering =
        offset === 0
          ? -0.1
          : round4(Math.min(1, 0.35 + 0.25 * offset) * (offset % 3 === 2 ? 0.4 : 1));
      action = [steering, offset < 2 ? 0.5 : round4(0.5 - 0.2 * offset)];
      action = action.map((value) => Math.max(-1, Math.min(1, value)));
    }
    const record: TrajectoryRecord = [observation, action, takeover !== undefined];
    if (plan.frames) record.push(`/home/operator/run/videos/frame_${plan.episode}_${step}.png`);
    trajectory.push(record);
  }
  return {
    trajectory,
    metrics: {
      success_rate: plan.successRate,
      takeover_count: trajectory.filter((record) => record[2]).length,
    },
  };
}

function srtText(cues: { start: number; end: number; text: string }[]): string {
  return cues
    .map(
      (cue, position) =>
        `${position + 1}\n${srtTime(cue.start)} --> ${srtTime(cue.end)}\n${cue.text}\n`,
    )
    .join("\n");
}

function srtTime(seconds: number): string {
  const millis = Math.round(seconds * 1000);
  const pad = (value: number, width: number) => String(value).padStart(width, "0");
  return `${pad(Math.floor(millis / 3_600_000), 2)}:${pad(Math.floor(millis / 60_000) % 60, 2)}:${pad(Math.floor(millis / 1000) % 60, 2)},${pad(millis % 1000, 3)}`;
}

/** A 64×48 view of a road: grey asphalt, green verges, a lane line shifted by the steering. */
function roadFrame(
  steering: number,
  step: number,
): { width: number; height: number; pixels: Buffer } {
  const width = 64;
  const height = 48;
  const pixels = Buffer.alloc(width * height * 3);
  const centre = Math.round(32 - steering * 16);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 3;
      const sky = y < 14;
      const road = Math.abs(x - centre) < 6 + (y - 14) * 0.6;
      const lane = !sky && Math.abs(x - centre) <= 0 && (y + step) % 6 < 3;
      const colour = sky
        ? [120, 170, 230]
        : lane
          ? [250, 250, 250]
          : road
            ? [90, 90, 95]
            : [60, 140, 60];
      pixels[offset] = colour[0] ?? 0;
      pixels[offset + 1] = colour[1] ?? 0;
      pixels[offset + 2] = colour[2] ?? 0;
    }
  }
  return { width, height, pixels };
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
