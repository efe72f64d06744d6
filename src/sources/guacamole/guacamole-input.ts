import type { InputEvent, MouseButton } from "../input-actions/types.js";
import type { SourceWarning } from "../types.js";
import type { GuacamoleInstruction } from "./guacamole-parser.js";
import { formatKeysym, mapKeysym } from "./keysyms.js";

/**
 * Guacamole input instructions → InputEvents.
 *
 * - `sync,<ms>[,<frames>]`, `mouse,<x>,<y>,<mask>[,<ms>]`, `key,<keysym>,<1|0>[,<ms>]`,
 *   `size,<layer>,<w>,<h>` (layer 0 is the screen; the last one wins, since a session usually
 *   starts at a default size and is resized to the browser window right away).
 * - Timestamps are milliseconds of guacd's monotonic clock: t = (ms − first sync) / 1000. An
 *   instruction without its own timestamp takes the last sync's (before any sync: the first
 *   sync's, so t = 0). With no sync at all, the first timestamp seen is t = 0 (with a warning).
 * - Mouse mask: left 1, middle 2, right 4 (a changed bit is a press or release), wheel up 8 and
 *   down 16 (a bit turning on is one wheel step: dy −1 up, +1 down; its release means nothing).
 */
export const guacamoleInputOpcodes = ["sync", "mouse", "key", "size"] as const;

export interface GuacamoleInputResult {
  /** Time-ordered; t in seconds from the first sync. */
  events: InputEvent[];
  screen?: { width: number; height: number };
  /** The first sync's timestamp (recording clock, ms), when there was one. */
  firstSyncMs?: number;
  /** Seconds from t = 0 to the last timestamp in the recording. */
  durationS: number;
}

const buttons: [number, MouseButton][] = [
  [1, "left"],
  [2, "middle"],
  [4, "right"],
];

interface Pending {
  event: InputEvent;
  ms: number | undefined;
}

export class GuacamoleInputMapper {
  private readonly file: string;
  private readonly pending: Pending[] = [];
  private readonly warnings: SourceWarning[] = [];
  private readonly unknownKeysyms = new Map<number, { count: number; offset: number }>();
  private firstSync: number | undefined;
  private lastSync: number | undefined;
  private firstStamp: number | undefined;
  private lastStamp: number | undefined;
  private mask = 0;
  private x: number | undefined;
  private y: number | undefined;
  private screen: { width: number; height: number } | undefined;

  constructor(options: { file: string }) {
    this.file = options.file;
  }

  add(instruction: GuacamoleInstruction): void {
    const { opcode, args } = instruction;
    if (opcode === "sync") {
      const ms = integer(args[0]);
      if (ms === undefined) {
        this.bad(instruction, "a timestamp");
        return;
      }
      this.firstSync ??= ms;
      this.lastSync = ms;
      this.stamp(ms);
    } else if (opcode === "mouse") this.mouse(instruction);
    else if (opcode === "key") this.key(instruction);
    else if (opcode === "size") {
      // Recordings use `size,<layer>,<w>,<h>`; the handshake form `size,<w>,<h>` is accepted too.
      const [layer, w, h] = args.length >= 3 ? args : ["0", args[0], args[1]];
      const width = integer(w);
      const height = integer(h);
      if (layer !== "0") return;
      if (!width || !height || width < 1 || height < 1) {
        this.bad(instruction, "a size");
        return;
      }
      this.screen = { width, height };
    }
  }

  finish(): { value: GuacamoleInputResult; warnings: SourceWarning[] } {
    const warnings = [...this.warnings];
    for (const [keysym, { count, offset }] of this.unknownKeysyms) {
      const message = `unknown keysym ${formatKeysym(keysym)} ignored (${count} event${count === 1 ? "" : "s"})`;
      warnings.push({ code: "guac_unknown_keysym", message, file: this.file, offset });
    }
    const base = this.firstSync ?? this.firstStamp ?? 0;
    if (this.firstSync === undefined && this.pending.length > 0) {
      const message = "no sync instruction: times are relative to the first timestamp seen";
      warnings.push({ code: "guac_no_sync", message, file: this.file });
    }
    const events = this.pending.map(({ event, ms }) => {
      event.t = Math.max(0, ((ms ?? base) - base) / 1000);
      return event;
    });
    events.sort((a, b) => a.t - b.t);
    const durationS =
      this.lastStamp === undefined ? 0 : Math.max(0, (this.lastStamp - base) / 1000);
    const value: GuacamoleInputResult = { events, durationS };
    if (this.screen) value.screen = this.screen;
    if (this.firstSync !== undefined) value.firstSyncMs = this.firstSync;
    return { value, warnings };
  }

  private mouse(instruction: GuacamoleInstruction): void {
    const [x, y, mask] = instruction.args.slice(0, 3).map(integer);
    if (x === undefined || y === undefined || mask === undefined || mask < 0) {
      this.bad(instruction, "x, y and a button mask");
      return;
    }
    const ms = this.time(instruction.args[3]);
    const origin = { file: this.file, offset: instruction.offset };
    if (x !== this.x || y !== this.y) this.emit({ type: "move", t: 0, x, y, origin }, ms);
    for (const [bit, button] of buttons) {
      if ((mask & bit) !== (this.mask & bit)) {
        const pressed = (mask & bit) !== 0;
        this.emit({ type: "button", t: 0, pressed, button, x, y, origin }, ms);
      }
    }
    for (const [bit, dy] of [
      [8, -1],
      [16, 1],
    ] as const) {
      if (mask & bit && !(this.mask & bit))
        this.emit({ type: "wheel", t: 0, dx: 0, dy, x, y, origin }, ms);
    }
    this.mask = mask;
    this.x = x;
    this.y = y;
  }

  private key(instruction: GuacamoleInstruction): void {
    const keysym = integer(instruction.args[0]);
    const state = instruction.args[1];
    if (keysym === undefined || (state !== "1" && state !== "0")) {
      this.bad(instruction, "a keysym and 1 or 0");
      return;
    }
    const ms = this.time(instruction.args[2]);
    const mapped = mapKeysym(keysym);
    if (mapped.kind === "ignored") return;
    if (mapped.kind === "unknown") {
      const seen = this.unknownKeysyms.get(keysym);
      if (seen) seen.count++;
      else this.unknownKeysyms.set(keysym, { count: 1, offset: instruction.offset });
      return;
    }
    const pressed = state === "1";
    const origin = { file: this.file, offset: instruction.offset };
    const event: InputEvent = { type: "key", t: 0, pressed, key: mapped.key, origin };
    if (pressed && mapped.char !== undefined) event.char = mapped.char;
    this.emit(event, ms);
  }

  /** An instruction's own timestamp, else the last sync's. */
  private time(own: string | undefined): number | undefined {
    const ms = own === undefined ? undefined : integer(own);
    if (ms !== undefined) this.stamp(ms);
    return ms ?? this.lastSync;
  }

  private stamp(ms: number): void {
    this.firstStamp ??= ms;
    if (this.lastStamp === undefined || ms > this.lastStamp) this.lastStamp = ms;
  }

  private emit(event: InputEvent, ms: number | undefined): void {
    this.pending.push({ event, ms });
  }

  private bad(instruction: GuacamoleInstruction, expected: string): void {
    const message = `"${instruction.opcode}" instruction without ${expected} (args ${JSON.stringify(instruction.args).slice(0, 80)}); skipped`;
    this.warnings.push({
      code: "guac_bad_instruction",
      message,
      file: this.file,
      offset: instruction.offset,
    });
  }
}

/** Pure form over a finished instruction list. */
export function mapGuacamoleInput(
  instructions: Iterable<GuacamoleInstruction>,
  options: { file: string },
): { value: GuacamoleInputResult; warnings: SourceWarning[] } {
  const mapper = new GuacamoleInputMapper(options);
  for (const instruction of instructions) mapper.add(instruction);
  return mapper.finish();
}

function integer(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}
