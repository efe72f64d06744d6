import type { SourceWarning } from "../types.js";
import type { ActionSink, ResolvedOptions } from "./action-sink.js";
import { type Point, resamplePath } from "./resample-path.js";
import type { InputEvent, InputOrigin, MouseButton } from "./types.js";

type ButtonEvent = Extract<InputEvent, { type: "button" }>;

interface Press {
  t: number;
  x: number;
  y: number;
  origin: InputOrigin;
  path: Point[];
  /** Farthest the pointer went from the press point: a drag that comes back is still a drag. */
  reach: number;
}

/**
 * Turns pointer moves and button presses into click, double click and drag actions. The
 * pointer position is the last move (the desktop recorder's buttons carry no coordinates).
 */
export class PointerActions {
  position: { x: number; y: number } | undefined;
  private readonly held = new Map<MouseButton, Press>();

  constructor(
    private readonly sink: ActionSink,
    private readonly options: ResolvedOptions,
    private readonly warnings: SourceWarning[],
  ) {}

  move(x: number, y: number): void {
    this.position = { x, y };
    for (const press of this.held.values()) {
      const last = press.path[press.path.length - 1];
      if (last !== undefined && last[0] === x && last[1] === y) continue;
      press.path.push([x, y]);
      press.reach = Math.max(press.reach, Math.hypot(x - press.x, y - press.y));
    }
  }

  button(event: ButtonEvent): void {
    if (event.x !== undefined && event.y !== undefined) this.move(event.x, event.y);
    const position = this.position;
    if (event.pressed) {
      const open = this.held.get(event.button);
      if (open !== undefined) {
        this.warn(
          "press_without_release",
          `${event.button} pressed again before its release`,
          event.origin,
        );
        this.held.delete(event.button);
        this.finish(open, event.button, event.t);
      }
      if (position === undefined) {
        this.warn(
          "button_without_position",
          `${event.button} press before any pointer position`,
          event.origin,
        );
        return;
      }
      this.sink.interrupt();
      this.held.set(event.button, {
        t: event.t,
        x: position.x,
        y: position.y,
        origin: event.origin,
        path: [[position.x, position.y]],
        reach: 0,
      });
      return;
    }
    const press = this.held.get(event.button);
    if (press === undefined) {
      this.warn("release_without_press", `${event.button} released without a press`, event.origin);
      return;
    }
    this.held.delete(event.button);
    this.finish(press, event.button, event.t);
  }

  /** End of the log: presses still open become actions anyway (by distance only) and a warning. */
  end(): void {
    for (const [button, press] of this.held) {
      this.warn("press_never_released", `${button} pressed but never released`, press.origin);
      this.finish(press, button, press.t);
    }
    this.held.clear();
  }

  private finish(press: Press, button: MouseButton, releaseT: number): void {
    const heldMs = (releaseT - press.t) * 1000;
    if (press.reach <= this.options.clickMaxDistance && heldMs <= this.options.clickMaxMs) {
      this.sink.click(press.t, press.x, press.y, button, press.origin);
      return;
    }
    const path =
      press.path.length >= 2 ? press.path : [press.path[0] as Point, press.path[0] as Point];
    this.sink.drag(press.t, resamplePath(path, this.options.dragPoints), button, press.origin);
  }

  private warn(code: string, message: string, origin: InputOrigin): void {
    const warning: SourceWarning = { code, message, file: origin.file };
    if (origin.line !== undefined) warning.line = origin.line;
    if (origin.offset !== undefined) warning.offset = origin.offset;
    this.warnings.push(warning);
  }
}
