import type { InputEvent } from "./types.js";

export interface MoveThinner {
  push(event: InputEvent): void;
  /**
   * A pointer move given by its values: the same as `push`ing the move event, but the event (and
   * its origin) is built only when the move is kept. Nine lines in ten of a recorder log are
   * moves and almost all are dropped, so most never become objects.
   */
  pushMove(t: number, x: number, y: number, file: string, line: number): void;
  /** The kept events, in push order; call once at the end. */
  finish(): InputEvent[];
}

/**
 * Streaming filter for readers of long logs: keeps only the pointer moves `buildInputActions`
 * can use — the last move before any other event (its position) and every move while a button
 * is held (a drag's path). A 1M-line log that is mostly mousemove then holds a few thousand
 * events in memory, and the actions built from the thinned stream are identical (in time-ordered
 * streams) to those built from the full one.
 */
export function createMoveThinner(): MoveThinner {
  const kept: InputEvent[] = [];
  const held = new Set<string>();
  let pendingMove: InputEvent | undefined;
  // The last move while no button is held, as values: it becomes an event only if it is kept.
  let pending: { t: number; x: number; y: number; file: string; line: number } | undefined;
  const flushPending = () => {
    if (pending !== undefined) {
      const { t, x, y, file, line } = pending;
      kept.push({ type: "move", t, x, y, origin: { file, line } });
      pending = undefined;
    }
    if (pendingMove !== undefined) {
      kept.push(pendingMove);
      pendingMove = undefined;
    }
  };

  return {
    push(event) {
      if (event.type === "move") {
        pending = undefined;
        if (held.size > 0) kept.push(event);
        else pendingMove = event;
        return;
      }
      flushPending();
      kept.push(event);
      if (event.type === "button") {
        if (event.pressed) held.add(event.button);
        else held.delete(event.button);
      }
    },
    pushMove(t, x, y, file, line) {
      if (held.size > 0) {
        kept.push({ type: "move", t, x, y, origin: { file, line } });
        return;
      }
      pendingMove = undefined;
      if (pending === undefined) pending = { t, x, y, file, line };
      else {
        pending.t = t;
        pending.x = x;
        pending.y = y;
        pending.file = file;
        pending.line = line;
      }
    },
    finish() {
      flushPending();
      return kept;
    },
  };
}
