import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { TracemillError } from "../../core/errors.js";
import { sha256File } from "../../core/hash.js";
import {
  type MediaRef,
  type SourceFile,
  type Step,
  type Trace,
  traceSchema,
  traceSchemaId,
} from "../../core/trace.js";
import { readGuacamoleInput } from "../guacamole/read-guacamole-input.js";
import {
  buildInputActions,
  flagOutsideRecording,
  type InputEvent,
} from "../input-actions/index.js";
import { sourceTraceId } from "../source-trace-id.js";
import type { SourceWarning } from "../types.js";
import { findRaceSession, type RaceSession } from "./race-session.js";
import { parseWebEvents } from "./web-events.js";

export const webSessionFormat = "web-session";
export const raceSessionsFile = "viralmind.race_sessions.json";

/** The files of one web session, named relative to the data folder (as in `source.files`). */
export function webSessionFiles(id: string) {
  return { events: `${id}.events.json`, guac: `${id}.guac`, video: `${id}.guac.m4v` };
}

/**
 * One web session → one screen Trace. Throws a TracemillError when the session cannot be read
 * at all (no events file: `not_found`; not JSON or not an events document: `input_invalid`), so a
 * pipeline can report one line per bad session; everything smaller is a warning.
 *
 * Time alignment ASSUMPTION: the `.guac` recording's t = 0 (its first `sync`) is the session's
 * time base (the events file `timestamp` / race session `created_at`). The recording's clock is
 * monotonic, not wall time, and nothing in the files relates the two, so this is the only anchor.
 */
export async function readWebSession(
  data: string,
  id: string,
): Promise<{ trace: Trace; warnings: SourceWarning[] }> {
  const names = webSessionFiles(id);
  const eventsPath = join(data, names.events);
  const text = await readText(
    eventsPath,
    `web session ${id}: ${names.events} not found in ${data}`,
  );
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TracemillError(
      "input_invalid",
      `web session ${id}: ${names.events} is not JSON (${reason})`,
    );
  }
  const warnings: SourceWarning[] = [];
  const sourceFiles: SourceFile[] = [{ path: names.events, ...(await sha256File(eventsPath)) }];

  const race = await readRaceSession(data, id, warnings);
  if (race)
    sourceFiles.push({
      path: raceSessionsFile,
      ...(await sha256File(join(data, raceSessionsFile))),
    });
  const events = parseWebEvents({ document, text, file: names.events, ...(race ? { race } : {}) });
  warnings.push(...events.warnings);
  const web = events.value;
  if (web.sessionId !== undefined && web.sessionId !== id) {
    warnings.push({
      code: "web_session_id_mismatch",
      message: `session_id ${JSON.stringify(web.sessionId)} inside the file differs from the file name; the file name (${id}) is used`,
      file: names.events,
    });
  }

  let inputSteps: Step[] = [];
  let screen: { width: number; height: number } | undefined;
  let durationS = 0;
  const guacPath = join(data, names.guac);
  if (await isFile(guacPath)) {
    const guac = await readGuacamoleInput(guacPath, { file: names.guac });
    const fieldFocus: InputEvent[] = web.fields.map((field) => ({
      type: "elements",
      t: field.t,
      elements: [
        {
          x: 0,
          y: 0,
          width: 0,
          height: 0,
          role: field.inputType,
          focused: true,
          ...(field.inputType === "password" ? { secure: true } : {}),
        },
      ],
      origin:
        field.line === undefined
          ? { file: names.events }
          : { file: names.events, line: field.line },
    }));
    const built = buildInputActions([...guac.value.events, ...fieldFocus], { scale: 1 });
    warnings.push(...guac.warnings, ...built.warnings);
    const outside = flagOutsideRecording(built.steps, guac.value.screen);
    if (outside > 0) {
      warnings.push({
        code: "outside_recording",
        message: `${outside} actions lie outside the recorded display; kept, flagged outsideRecording, without marker or crop`,
        file: names.guac,
      });
    }
    inputSteps = built.steps;
    screen = guac.value.screen;
    durationS = guac.value.durationS;
    sourceFiles.push({ path: names.guac, ...(await sha256File(guacPath)) });
  } else {
    const message = `${names.guac} not found: the trace has the messages only, no input actions`;
    warnings.push({ code: "guac_missing", message, file: names.guac });
  }

  const media: MediaRef[] = [];
  // Absolute: the pipeline reads the video from its own output folder, not the data folder.
  const videoPath = resolve(data, names.video);
  if (await isFile(videoPath)) {
    media.push({
      kind: "video",
      path: videoPath,
      mimeType: "video/mp4",
      ...(await sha256File(videoPath)),
    });
  } else {
    warnings.push({
      code: "video_missing",
      message: `${names.video} not found: no video, so no frames`,
      file: names.video,
    });
  }

  const steps = mergeSteps(web.steps, inputSteps);
  durationS = Math.max(durationS, steps.at(-1)?.t ?? 0);
  const title = race?.prompt ?? web.quests[0];
  const task: NonNullable<Trace["task"]> = {};
  if (title !== undefined) task.title = title;
  if (web.quests[0] !== undefined && web.quests[0] !== title) task.description = web.quests[0];
  if (web.quests.length > 0) task.objectives = [...new Set(web.quests)];

  const meta: Record<string, unknown> = { sessionId: id, durationS };
  if (web.challenge) meta.challenge = web.challenge;
  if (web.category) meta.category = web.category;
  if (web.timeBase) {
    meta.startedAt = new Date(web.timeBase.ms).toISOString();
    meta.startedAtMs = web.timeBase.ms;
    meta.timeBase = web.timeBase.source;
  } else {
    warnings.push({
      code: "web_no_time_base",
      message: "no timestamp anywhere: startedAt is unknown",
      file: names.events,
    });
  }

  const trace: Trace = {
    schema: traceSchemaId,
    id: sourceTraceId(webSessionFormat, id, sourceFiles),
    kind: "screen",
    source: { format: webSessionFormat, files: sourceFiles },
    task,
    environment: screen ? { screen: { ...screen, scale: 1 } } : {},
    steps,
    media,
    meta,
  };
  return { trace: traceSchema.parse(trace), warnings };
}

/** Messages and input actions in one timeline; at equal t a message comes first (it prompted the action). */
export function mergeSteps(messages: readonly Step[], inputs: readonly Step[]): Step[] {
  return [
    ...messages.map((step) => ({ step, rank: 0 })),
    ...inputs.map((step) => ({ step, rank: 1 })),
  ]
    .map((entry, position) => ({ ...entry, position }))
    .sort((a, b) => a.step.t - b.step.t || a.rank - b.rank || a.position - b.position)
    .map(({ step }, index) => ({ ...step, index }));
}

async function readRaceSession(
  data: string,
  id: string,
  warnings: SourceWarning[],
): Promise<RaceSession | undefined> {
  const path = join(data, raceSessionsFile);
  if (!(await isFile(path))) return undefined;
  try {
    return findRaceSession(JSON.parse(await readFile(path, "utf8")), id);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    warnings.push({
      code: "race_sessions_unreadable",
      message: `${raceSessionsFile} is not JSON (${reason}); ignored`,
      file: raceSessionsFile,
    });
    return undefined;
  }
}

async function readText(path: string, missing: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new TracemillError("not_found", missing);
    throw new TracemillError("io", `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
