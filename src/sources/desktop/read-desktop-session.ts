import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { TracemillError } from "../../core/errors.js";
import { readJsonInput } from "../../core/files.js";
import { sha256File } from "../../core/hash.js";
import { type MediaRef, type Trace, traceSchemaId } from "../../core/trace.js";
import { buildInputActions, flagOutsideRecording } from "../input-actions/build-input-actions.js";
import type { BuildInputActionsOptions } from "../input-actions/types.js";
import { sourceTraceId } from "../source-trace-id.js";
import type { SourceWarning } from "../types.js";
import { DesktopKeyMapper } from "./desktop-key-mapper.js";
import { type DesktopMeta, implausibleMetaField, parseDesktopMeta } from "./desktop-meta.js";
import { inferDesktopScreen, isMacos } from "./desktop-screen.js";
import type { WheelPlatform } from "./input-log-parser.js";
import {
  type KeyboardLayoutName,
  layoutForLocale,
  layoutForRecorderName,
} from "./keyboard-layouts.js";
import { type DesktopSessionFiles, locateDesktopSession } from "./list-desktop-sessions.js";
import { parseInputLog } from "./parse-input-log.js";

export const desktopSessionFormat = "desktop-session";

export interface DesktopSessionOptions {
  /** Keyboard layout for keys without `actual_char`; default: from meta.json `locale`, else us. */
  keyboardLayout?: KeyboardLayoutName;
  /** Grouping thresholds; `scale` is always the session's own. */
  actions?: Omit<BuildInputActionsOptions, "scale">;
}

export interface DesktopSessionResult {
  trace: Trace;
  warnings: SourceWarning[];
}

/**
 * Reads one desktop session (`<data>/<id>/…` or `<data>/<id>.events.jsonl` …) into a screen
 * Trace. Throws a TracemillError only when the session cannot be read at all (no input log,
 * meta.json that is not JSON, an unreadable file); everything else is a warning, so a caller can
 * process sessions one by one and report one line per bad session.
 */
export async function readDesktopSession(
  data: string,
  id: string,
  options: DesktopSessionOptions = {},
): Promise<DesktopSessionResult> {
  const files = await locateDesktopSession(data, id);
  if (files?.inputLog === undefined) {
    throw new TracemillError(
      "not_found",
      `desktop session ${id}: no input log (looked for ${join(data, id, "input_log.jsonl")} and ${join(data, `${id}.events.jsonl`)})`,
    );
  }
  const warnings: SourceWarning[] = [];
  const meta = await readMeta(data, files, warnings);
  const macos = isMacos(meta.platform);
  const recorderLayout = layoutForRecorderName(meta.keyboardLayout);
  if (meta.keyboardLayout !== undefined && recorderLayout === undefined) {
    warnings.push({
      code: "unknown_keyboard_layout",
      message: `meta.json keyboard_layout ${JSON.stringify(meta.keyboardLayout)} is not one tracemill knows (us, fr, de); using the locale`,
      file: join(data, files.meta ?? files.inputLog),
    });
  }
  const keyboardLayout = options.keyboardLayout ?? recorderLayout ?? layoutForLocale(meta.locale);

  const log = await parseInputLog(join(data, files.inputLog), {
    originFile: files.inputLog,
    warningFile: join(data, files.inputLog),
    keys: new DesktopKeyMapper(keyboardLayout, macos),
    platform: wheelPlatform(meta.platform),
  }).catch((error: unknown) => {
    if (error instanceof TracemillError) throw error;
    throw new TracemillError(
      "io",
      `desktop session ${id}: cannot read ${join(data, files.inputLog as string)}`,
      {
        cause: error,
      },
    );
  });
  warnings.push(...log.warnings);

  // t = 0 is the recording start (the video's first frame) when meta says when that was.
  const timeBase =
    meta.timestampMs !== undefined &&
    (log.firstTimeMs === undefined || meta.timestampMs <= log.firstTimeMs)
      ? "meta.timestamp"
      : "first-event";
  if (timeBase === "first-event" && meta.timestampMs !== undefined) {
    warnings.push({
      code: "timestamp_after_first_event",
      message: "meta.json timestamp is after the first logged event; t = 0 is the first event",
      file: join(data, files.meta ?? files.inputLog),
    });
  }
  const startMs = (timeBase === "meta.timestamp" ? meta.timestampMs : log.firstTimeMs) ?? 0;
  for (const event of log.events) event.t = (event.t - startMs) / 1000;

  const screen = inferDesktopScreen({ ...meta, logicalWidth: log.logicalWidth });
  const built = buildInputActions(log.events, { ...options.actions, scale: screen.scale });
  warnings.push(...built.warnings);
  const outside = flagOutsideRecording(built.steps, screen.screen);
  if (outside > 0) {
    warnings.push({
      code: "outside_recording",
      message: `${outside} actions lie outside the recorded display (another monitor?); kept, flagged outsideRecording, without marker or crop`,
      file: join(data, files.inputLog),
    });
  }
  if (log.events.length === 0) {
    warnings.push({
      code: "no_events",
      message: "the input log holds no input events",
      file: join(data, files.inputLog),
    });
  }

  const sourceFiles = [{ path: files.inputLog, sha256: log.sha256, bytes: log.bytes }];
  if (files.meta !== undefined) {
    sourceFiles.push({ path: files.meta, ...(await sha256File(join(data, files.meta))) });
  }
  const media = await videoRef(data, files, warnings);
  const lastEventS = log.lastTimeMs === undefined ? 0 : (log.lastTimeMs - startMs) / 1000;

  const trace: Trace = {
    schema: traceSchemaId,
    id: sourceTraceId(desktopSessionFormat, id, sourceFiles),
    kind: "screen",
    source: { format: desktopSessionFormat, files: sourceFiles },
    environment: {
      ...(meta.platform === undefined ? {} : { platform: meta.platform }),
      ...(meta.app === undefined ? {} : { app: meta.app }),
      ...(screen.screen === undefined ? {} : { screen: screen.screen }),
    },
    steps: built.steps,
    media,
    meta: {
      sessionId: id,
      startedAt: new Date(startMs).toISOString(),
      startedAtMs: startMs,
      durationS: meta.durationS ?? Math.max(0, lastEventS),
      timeBase,
      layout: files.layout,
      keyboardLayout,
      scaleSource: screen.scaleSource,
      ...(log.logicalWidth === undefined ? {} : { axtreeLogicalWidth: log.logicalWidth }),
      ...(meta.id === undefined ? {} : { metaId: meta.id }),
      ...(meta.locale === undefined ? {} : { locale: meta.locale }),
      ...meta.extra,
      lines: log.lines,
      eventCounts: log.counts,
      duplicateEvents: log.duplicates,
    },
  };
  if (meta.task !== undefined) trace.task = meta.task;
  return { trace, warnings };
}

function wheelPlatform(platform: string | undefined): WheelPlatform {
  const name = platform?.toLowerCase() ?? "";
  if (name.startsWith("win")) return "windows";
  if (name.startsWith("linux")) return "linux";
  return "macos";
}

async function readMeta(
  data: string,
  files: DesktopSessionFiles,
  warnings: SourceWarning[],
): Promise<DesktopMeta> {
  if (files.meta === undefined) {
    warnings.push({
      code: "meta_missing",
      message: "no meta.json: no task, screen size or time base from the recorder",
      file: join(
        data,
        files.layout === "folder" ? `${files.id}/meta.json` : `${files.id}.meta.json`,
      ),
    });
    return { extra: {} };
  }
  const path = join(data, files.meta);
  const document = await readJsonInput(path, `desktop session ${files.id} meta`);
  const implausible = implausibleMetaField(document);
  if (implausible !== undefined) {
    throw new TracemillError(
      "input_invalid",
      `desktop session ${files.id}: ${path}: ${implausible}`,
    );
  }
  const meta = parseDesktopMeta(document);
  if (meta === undefined) {
    throw new TracemillError(
      "input_invalid",
      `desktop session ${files.id}: ${path} is not a JSON object`,
    );
  }
  return meta;
}

async function videoRef(
  data: string,
  files: DesktopSessionFiles,
  warnings: SourceWarning[],
): Promise<MediaRef[]> {
  if (files.video === undefined) {
    const expected = files.layout === "folder" ? `${files.id}/recording.mp4` : `${files.id}.mp4`;
    warnings.push({
      code: "video_missing",
      message: "no recording video: the session is processed without frames",
      file: join(data, expected),
    });
    return [];
  }
  const path = resolve(data, files.video);
  const { size } = await stat(path);
  return [{ kind: "video", path, bytes: size, mimeType: "video/mp4" }];
}
