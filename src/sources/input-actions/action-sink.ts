import type { Action, Step } from "../../core/trace.js";
import type { Point } from "./resample-path.js";
import type { InputOrigin, MouseButton, UiElement } from "./types.js";

/** What a masked password becomes in every output. */
export const maskedPassword = "<password>";

export interface ResolvedOptions {
  scale: number;
  clickMaxDistance: number;
  clickMaxMs: number;
  doubleClickMaxDistance: number;
  doubleClickMaxMs: number;
  typingGapMs: number;
  scrollGapMs: number;
  dragPoints: number;
}

export type DraftStep = Omit<Step, "index">;

interface PendingTyping {
  t: number;
  lastT: number;
  text: string;
  secure: boolean;
  origin: InputOrigin;
}

interface PendingScroll {
  t: number;
  lastT: number;
  dx: number;
  dy: number;
  position: { x: number; y: number } | undefined;
  origin: InputOrigin;
}

interface LastClick {
  position: number;
  t: number;
  x: number;
  y: number;
  button: MouseButton;
}

/**
 * Collects the steps of one build. Typing and wheel events are grouped here because grouping
 * ends at "any other action": every emit first closes the open group, so the rule lives in one
 * place. The last click is remembered so a second one nearby becomes a double click in place.
 */
export class ActionSink {
  readonly steps: DraftStep[] = [];
  private typing: PendingTyping | undefined;
  private scroll: PendingScroll | undefined;
  private lastClick: LastClick | undefined;
  private elements: readonly UiElement[] = [];
  /** Keyboard focus is in a password field: typed text is masked. */
  private secureField = false;

  constructor(private readonly options: ResolvedOptions) {}

  /** A new view of the screen: later clicks are matched against it; its focused field decides masking. */
  setElements(elements: readonly UiElement[]): void {
    this.elements = elements;
    const focused = elements.find((element) => element.focused === true);
    if (focused !== undefined) {
      if (this.secureField !== (focused.secure === true)) this.flushTyping();
      this.secureField = focused.secure === true;
    }
  }

  /** The smallest labelled element under the point, else the smallest one (input units). */
  targetAt(x: number, y: number): UiElement | undefined {
    let best: UiElement | undefined;
    let bestLabelled: UiElement | undefined;
    for (const element of this.elements) {
      if (
        element.width <= 0 ||
        element.height <= 0 ||
        x < element.x ||
        y < element.y ||
        x > element.x + element.width ||
        y > element.y + element.height
      )
        continue;
      const area = element.width * element.height;
      if (best === undefined || area < best.width * best.height) best = element;
      if (
        element.label !== undefined &&
        (bestLabelled === undefined || area < bestLabelled.width * bestLabelled.height)
      )
        bestLabelled = element;
    }
    return bestLabelled ?? best;
  }

  /** Input units → physical pixels, rounded once here so every action is on the video's grid. */
  pixel(value: number): number {
    return Math.round(value * this.options.scale);
  }

  /** A pointer press starts a new action: open groups end at the press, not at the release. */
  interrupt(): void {
    this.flushTyping();
    this.flushScroll();
  }

  action(t: number, action: Action, origin: InputOrigin): void {
    this.interrupt();
    this.lastClick = undefined;
    this.push({ t, actor: "human", kind: "action", action, origin: cleanOrigin(origin) });
  }

  observation(t: number, action: Action, origin: InputOrigin): void {
    // A focus change ends typing (text typed in two windows is two actions) but is not a human
    // action, so it does not break a double click.
    this.interrupt();
    if (action.type === "focus") this.secureField = false;
    this.push({
      t,
      actor: "environment",
      kind: "observation",
      action,
      origin: cleanOrigin(origin),
    });
  }

  click(t: number, x: number, y: number, button: MouseButton, origin: InputOrigin): void {
    const previous = this.lastClick;
    if (
      previous !== undefined &&
      previous.button === button &&
      (t - previous.t) * 1000 <= this.options.doubleClickMaxMs &&
      Math.hypot(x - previous.x, y - previous.y) <= this.options.doubleClickMaxDistance
    ) {
      const step = this.steps[previous.position] as DraftStep;
      step.action = {
        type: "double_click",
        x: this.pixel(previous.x),
        y: this.pixel(previous.y),
        button,
      };
      // A third click starts afresh: triple clicks are a double click plus a click.
      this.lastClick = undefined;
      return;
    }
    const target = this.targetAt(x, y);
    this.action(t, { type: "click", x: this.pixel(x), y: this.pixel(y), button }, origin);
    if (target !== undefined) {
      (this.steps[this.steps.length - 1] as DraftStep).target =
        target.label === undefined
          ? { role: target.role }
          : { role: target.role, label: target.label };
      this.secureField = target.secure === true;
    } else if (this.elements.length > 0) this.secureField = false;
    this.lastClick = { position: this.steps.length - 1, t, x, y, button };
  }

  drag(t: number, path: Point[], button: MouseButton, origin: InputOrigin): void {
    const pixels = path.map(([x, y]) => [this.pixel(x), this.pixel(y)] as [number, number]);
    this.action(t, { type: "drag", path: pixels, button }, origin);
  }

  typeText(t: number, text: string, origin: InputOrigin): void {
    this.flushScroll();
    this.lastClick = undefined;
    const open = this.typing;
    const secure = this.secureField;
    if (
      open !== undefined &&
      open.secure === secure &&
      (t - open.lastT) * 1000 <= this.options.typingGapMs
    ) {
      if (!secure) open.text += text;
      open.lastT = t;
      return;
    }
    this.flushTyping();
    // A password's characters are never kept, not even in memory past this call.
    this.typing = { t, lastT: t, text: secure ? maskedPassword : text, secure, origin };
  }

  wheel(
    t: number,
    dx: number,
    dy: number,
    position: { x: number; y: number } | undefined,
    origin: InputOrigin,
  ): void {
    this.flushTyping();
    this.lastClick = undefined;
    const open = this.scroll;
    if (open !== undefined && (t - open.lastT) * 1000 < this.options.scrollGapMs) {
      open.dx += dx;
      open.dy += dy;
      open.lastT = t;
      return;
    }
    this.flushScroll();
    this.scroll = { t, lastT: t, dx, dy, position, origin };
  }

  finish(): void {
    this.interrupt();
  }

  private flushTyping(): void {
    const open = this.typing;
    if (open === undefined) return;
    this.typing = undefined;
    this.push({
      t: open.t,
      actor: "human",
      kind: "action",
      action: { type: "type", text: open.text },
      origin: cleanOrigin(open.origin),
    });
  }

  private flushScroll(): void {
    const open = this.scroll;
    if (open === undefined) return;
    this.scroll = undefined;
    const action: Action =
      open.position === undefined
        ? { type: "scroll", dx: open.dx, dy: open.dy }
        : {
            type: "scroll",
            x: this.pixel(open.position.x),
            y: this.pixel(open.position.y),
            dx: open.dx,
            dy: open.dy,
          };
    this.push({
      t: open.t,
      actor: "human",
      kind: "action",
      action,
      origin: cleanOrigin(open.origin),
    });
  }

  private push(step: DraftStep): void {
    this.steps.push(step);
  }
}

function cleanOrigin(origin: InputOrigin): Step["origin"] {
  const clean: Step["origin"] = { file: origin.file };
  if (origin.line !== undefined) clean.line = origin.line;
  if (origin.offset !== undefined) clean.offset = origin.offset;
  return clean;
}
