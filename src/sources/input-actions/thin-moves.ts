import type { InputEvent } from "./types.js";

export interface MoveThinner {
  push(event: InputEvent): void;
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

  return {
    push(event) {
      if (event.type === "move") {
        if (held.size > 0) kept.push(event);
        else pendingMove = event;
        return;
      }
      if (pendingMove !== undefined) {
        kept.push(pendingMove);
        pendingMove = undefined;
      }
      kept.push(event);
      if (event.type === "button") {
        if (event.pressed) held.add(event.button);
        else held.delete(event.button);
      }
    },
    finish() {
      if (pendingMove !== undefined) kept.push(pendingMove);
      pendingMove = undefined;
      return kept;
    },
  };
}
