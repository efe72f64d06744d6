import { createMoveThinner } from "../input-actions/thin-moves.js";
import type { InputEvent, InputOrigin, MouseButton } from "../input-actions/types.js";
import {
  invalidInput,
  isCoordinate,
  isEpochMs,
  maxCoordinate,
  maxEpochMs,
} from "../input-range.js";
import type { SourceWarning } from "../types.js";
import { flattenAxtree, focusedAppName } from "./axtree-elements.js";
import type { DesktopKeyMapper } from "./desktop-key-mapper.js";
import { axtreeLogicalWidth } from "./desktop-screen.js";

export interface InputLogSummary {
  /** Thinned input events; `t` is still the recorder's epoch ms (the time base is chosen later). */
  events: InputEvent[];
  warnings: SourceWarning[];
  firstTimeMs?: number;
  lastTimeMs?: number;
  logicalWidth?: number;
  lines: number;
  counts: Record<string, number>;
  /** Input events the recorder wrote twice, dropped (see `DuplicateFilter`). */
  duplicates: number;
}

/** A recorder bug writes some events twice; a real repeat (auto-repeat, a double click) is ≥ 25 ms apart. */
export const duplicateWindowMs = 5;

/**
 * Drops an event that repeats the previous event of the same control (button, key, wheel)
 * with the same data within `duplicateWindowMs`: a button cannot go down twice without
 * coming up, and any release in between changes the control's last event.
 */
export class DuplicateFilter {
  private readonly last = new Map<string, { signature: string; t: number }>();
  count = 0;

  isDuplicate(control: string, signature: string, t: number): boolean {
    const previous = this.last.get(control);
    if (
      previous !== undefined &&
      previous.signature === signature &&
      Math.abs(t - previous.t) <= duplicateWindowMs
    ) {
      this.count++;
      return true;
    }
    this.last.set(control, { signature, t });
    return false;
  }
}

/** A JSON number, exactly as RFC 8259 writes it (so `Number` reads it as `JSON.parse` would). */
const jsonNumber = "(-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)";
/**
 * Nine lines in ten of a recorder log are mouse moves in exactly this shape (the recorder
 * writes keys in this order, no spaces). Matching it is about twice as fast as `JSON.parse`;
 * any other spelling of a move (spaces, other key order, extra fields) takes the JSON path.
 */
const movePattern = new RegExp(
  `^\\{"data":\\{"x":${jsonNumber},"y":${jsonNumber}\\},"event":"mousemove","time":${jsonNumber}\\}$`,
);

/** Past this many bad-line warnings in one file the rest are counted in one summary warning. */
const maxLineWarnings = 1000;

const buttons: Record<string, MouseButton> = { left: "left", right: "right", middle: "middle" };

const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;
const firstString = (data: Record<string, unknown>, keys: string[]): string | undefined => {
  for (const key of keys) {
    const value = data[key];
    if (typeof value === "string" && value.trim().length > 0) return value;
  }
  return undefined;
};

/**
 * Line-by-line parser of a desktop `input_log.jsonl` (`{event, data, time}` per line). Fed one
 * line at a time by a stream so a million-line log never sits in memory; moves are thinned as
 * they arrive. Bad lines become warnings naming the file and line.
 */
export class InputLogParser {
  private readonly thinner = createMoveThinner();
  private readonly warnings: SourceWarning[] = [];
  private readonly counts: Record<string, number> = {};
  private readonly unknownEvents = new Set<string>();
  private suppressed = 0;
  private lines = 0;
  private firstTimeMs: number | undefined;
  private lastTimeMs: number | undefined;
  private logicalWidth: number | undefined;
  private readonly duplicates = new DuplicateFilter();
  private focusedApp: string | undefined;

  constructor(
    private readonly originFile: string,
    private readonly warningFile: string,
    private readonly keys: DesktopKeyMapper,
    private readonly platform: WheelPlatform = "macos",
  ) {}

  line(text: string, line: number): void {
    this.lines = line;
    if (text.length === 0 || text.trim().length === 0) return;
    let record: { event?: unknown; data?: unknown; time?: unknown };
    const move = movePattern.exec(text);
    if (move !== null) {
      // The recorder's own mousemove line, byte for byte: the same values JSON.parse would give.
      const x = Number(move[1]);
      const y = Number(move[2]);
      const time = Number(move[3]);
      if (this.moveAt(x, y, time, line)) return;
      record = { data: { x, y }, event: "mousemove", time };
    } else {
      try {
        record = JSON.parse(text);
      } catch (error) {
        this.warn("bad_json", `not JSON: ${(error as Error).message}`, line);
        return;
      }
    }
    const time = num(record?.time);
    if (typeof record?.event !== "string" || time === undefined) {
      this.warn("bad_event", "a line needs a string `event` and a numeric `time`", line);
      return;
    }
    const event = record.event;
    if (!isEpochMs(time)) {
      throw invalidInput(
        `${this.warningFile}:${line}`,
        `time ${time} is not a date (epoch milliseconds within ±${maxEpochMs})`,
      );
    }
    this.counts[event] = (this.counts[event] ?? 0) + 1;
    if (this.firstTimeMs === undefined || time < this.firstTimeMs) this.firstTimeMs = time;
    if (this.lastTimeMs === undefined || time > this.lastTimeMs) this.lastTimeMs = time;
    const data = (
      typeof record.data === "object" && record.data !== null ? record.data : {}
    ) as Record<string, unknown>;
    if (this.isDuplicate(event, data, time)) return;
    this.handle(event, data, time, line);
  }

  /**
   * The fast path of a plain move (what `line` does for one, without building the record, the
   * event or its origin). False, with nothing done, when a value needs the general path.
   */
  private moveAt(x: number, y: number, time: number, line: number): boolean {
    if (!isEpochMs(time) || !isCoordinate(x) || !isCoordinate(y)) return false;
    this.counts.mousemove = (this.counts.mousemove ?? 0) + 1;
    if (this.firstTimeMs === undefined || time < this.firstTimeMs) this.firstTimeMs = time;
    if (this.lastTimeMs === undefined || time > this.lastTimeMs) this.lastTimeMs = time;
    this.thinner.pushMove(time, x, y, this.originFile, line);
    return true;
  }

  finish(): InputLogSummary {
    if (this.duplicates.count > 0) {
      this.warnings.push({
        code: "duplicate_events",
        message: `${this.duplicates.count} input events were logged twice (same event and data within ${duplicateWindowMs} ms) and counted once`,
        file: this.warningFile,
      });
    }
    if (this.suppressed > 0) {
      this.warnings.push({
        code: "more_bad_lines",
        message: `${this.suppressed} more bad lines not listed`,
        file: this.warningFile,
      });
    }
    const summary: InputLogSummary = {
      events: this.thinner.finish(),
      warnings: this.warnings,
      lines: this.lines,
      counts: this.counts,
      duplicates: this.duplicates.count,
    };
    if (this.firstTimeMs !== undefined) summary.firstTimeMs = this.firstTimeMs;
    if (this.lastTimeMs !== undefined) summary.lastTimeMs = this.lastTimeMs;
    if (this.logicalWidth !== undefined) summary.logicalWidth = this.logicalWidth;
    return summary;
  }

  private isDuplicate(event: string, data: Record<string, unknown>, t: number): boolean {
    switch (event) {
      case "mousedown":
      case "mouseup":
        return this.duplicates.isDuplicate(`button:${String(data.button)}`, event, t);
      case "keydown":
      case "keyup": {
        const key = typeof data.key === "string" ? data.key : JSON.stringify(data.key);
        return this.duplicates.isDuplicate(`key:${key}`, `${event}:${String(data.actual_char)}`, t);
      }
      case "mousewheel":
        return this.duplicates.isDuplicate(
          "wheel",
          `${data.delta},${data.delta_x},${data.delta_y},${data.dx},${data.dy},${data.x},${data.y}`,
          t,
        );
      default:
        return false;
    }
  }

  private handle(event: string, data: Record<string, unknown>, t: number, line: number): void {
    const outcome = this.toEvent(event, data, t, { file: this.originFile, line });
    if (outcome === undefined) return;
    if ("code" in outcome) this.warn(outcome.code, outcome.message, line);
    else this.thinner.push(outcome);
  }

  /** One log record → an input event, a problem to warn about, or nothing (ignored events). */
  private toEvent(
    event: string,
    data: Record<string, unknown>,
    t: number,
    origin: InputOrigin,
  ): InputEvent | Problem | undefined {
    switch (event) {
      case "mousemove": {
        const x = num(data.x);
        const y = num(data.y);
        if (x === undefined || y === undefined)
          return problem("bad_event", "mousemove without x/y");
        if (!isCoordinate(x) || !isCoordinate(y)) {
          throw invalidInput(
            `${this.warningFile}:${origin.line}`,
            `mousemove at (${x}, ${y}) is outside any display (|coordinate| ≤ ${maxCoordinate})`,
          );
        }
        return { type: "move", t, x, y, origin };
      }
      case "mousedown":
      case "mouseup": {
        const name = data.button;
        const button = typeof name === "string" ? buttons[name.toLowerCase()] : undefined;
        if (button === undefined) {
          return problem("unknown_button", `unknown mouse button ${JSON.stringify(name)}`);
        }
        return { type: "button", t, pressed: event === "mousedown", button, origin };
      }
      case "mousewheel": {
        const dy = num(data.delta) ?? num(data.delta_y) ?? num(data.dy);
        const dx = num(data.delta_x) ?? num(data.dx) ?? 0;
        if (dy === undefined && dx === 0) return problem("bad_event", "mousewheel without a delta");
        if (!isCoordinate(dx) || !isCoordinate(dy ?? 0)) {
          throw invalidInput(
            `${this.warningFile}:${origin.line}`,
            `mousewheel delta (${dx}, ${dy}) is not a plausible scroll amount`,
          );
        }
        const wheel = wheelToScroll(this.platform, dx, dy ?? 0);
        return { type: "wheel", t, dx: wheel.dx, dy: wheel.dy, origin };
      }
      case "keydown":
      case "keyup":
        return this.key(data, t, event === "keydown", origin);
      case "axtree_interaction":
        return this.interaction(data, t, origin);
      case "axtree":
        if (this.logicalWidth === undefined) this.logicalWidth = axtreeLogicalWidth(data.tree);
        return this.elements(data, t, origin);
      case "ffmpeg_stderr":
        return undefined;
      default:
        // One warning per unknown event name: a newer recorder may log thousands of them.
        if (this.unknownEvents.has(event)) return undefined;
        this.unknownEvents.add(event);
        return problem(
          "unknown_event",
          `unknown event ${JSON.stringify(event)} (ignored from here on)`,
        );
    }
  }

  /** A focus step when the front app changed, and the tree for click targets and secure fields. */
  private interaction(
    data: Record<string, unknown>,
    t: number,
    origin: InputOrigin,
  ): InputEvent | Problem | undefined {
    const app = focusedAppName(data);
    const elements = this.elements(data, t, origin);
    if (app === undefined && elements === undefined) {
      return problem(
        "unknown_focus_shape",
        "axtree_interaction without focused_app.name (or app/application/app_name) or a tree",
      );
    }
    if (app !== undefined && app !== this.focusedApp) {
      this.focusedApp = app;
      const title = firstString(data, ["title", "window"]);
      this.thinner.push(
        title === undefined
          ? { type: "focus", t, app, origin }
          : { type: "focus", t, app, title, origin },
      );
    }
    return elements;
  }

  private elements(
    data: Record<string, unknown>,
    t: number,
    origin: InputOrigin,
  ): InputEvent | undefined {
    if (data.tree === undefined && data.focused_element === undefined) return undefined;
    const elements = flattenAxtree(data.tree, data.focused_element);
    return elements.length === 0 ? undefined : { type: "elements", t, elements, origin };
  }

  private key(
    data: Record<string, unknown>,
    t: number,
    pressed: boolean,
    origin: InputOrigin,
  ): InputEvent | Problem {
    const name = keyName(data.key);
    const mapped = name === undefined ? undefined : this.keys.map(name, pressed, data.actual_char);
    if (mapped === undefined)
      return problem("unknown_key", `unknown key ${JSON.stringify(data.key)}`);
    return mapped.char === undefined
      ? { type: "key", t, pressed, key: mapped.key, origin }
      : { type: "key", t, pressed, key: mapped.key, char: mapped.char, origin };
  }

  private warn(code: string, message: string, line: number | undefined): void {
    if (this.warnings.length >= maxLineWarnings) {
      this.suppressed++;
      return;
    }
    const warning: SourceWarning = { code, message, file: this.warningFile };
    if (line !== undefined) warning.line = line;
    this.warnings.push(warning);
  }
}

interface Problem {
  code: string;
  message: string;
}

const problem = (code: string, message: string): Problem => ({ code, message });

export type WheelPlatform = "macos" | "windows" | "linux";

/**
 * The recorder's raw wheel deltas → the Action's convention (dy > 0 scrolls DOWN, dx > 0 RIGHT,
 * as Guacamole's buttons). The recorder (rdev) reports positive-up vertical deltas on every
 * platform: macOS's scroll-wheel delta is already in content direction ("natural" scrolling
 * applied), Windows' WHEEL_DELTA is positive when the wheel turns away from the user, X11's
 * button 4 (up) becomes +1. Horizontally macOS reports positive-left, the others positive-right.
 * Evidence and the table: docs/formats.md, "Scroll direction".
 */
export function wheelToScroll(
  platform: WheelPlatform,
  deltaX: number,
  deltaY: number,
): { dx: number; dy: number } {
  const dy = deltaY === 0 ? 0 : -deltaY;
  const dx = platform === "macos" && deltaX !== 0 ? -deltaX : deltaX;
  return { dx, dy };
}

/** rdev writes `"KeyA"`; unknown keys come as `"Unknown(123)"` or `{ "Unknown": 123 }`. */
function keyName(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null) {
    const [name] = Object.keys(value);
    return name;
  }
  return undefined;
}
