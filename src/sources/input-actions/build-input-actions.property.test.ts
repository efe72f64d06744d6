import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stepSchema } from "../../core/trace.js";
import { buildInputActions } from "./build-input-actions.js";
import { resamplePath } from "./resample-path.js";
import { createMoveThinner } from "./thin-moves.js";
import type { InputEvent } from "./types.js";

const origin = { file: "random.jsonl" };
const coordinate = fc.double({ min: -500, max: 3000, noNaN: true, noDefaultInfinity: true });
const button = fc.constantFrom("left" as const, "right" as const, "middle" as const);
const keyName = fc.constantFrom(
  "a",
  "z",
  "1",
  "/",
  " ",
  "enter",
  "tab",
  "shift",
  "ctrl",
  "cmd",
  "alt",
  "up",
  "capslock",
  "f5",
);

/** One event without its time; times are assigned as a running sum so streams are ordered. */
const anyEvent = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ type: fc.constant("move" as const), x: coordinate, y: coordinate }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant("button" as const), pressed: fc.boolean(), button }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("wheel" as const),
      dx: fc.constant(0),
      dy: fc.integer({ min: -20, max: 20 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        type: fc.constant("key" as const),
        pressed: fc.boolean(),
        key: keyName,
        char: fc.constantFrom("é", "A", ""),
      },
      { requiredKeys: ["type", "pressed", "key"] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("focus" as const),
      app: fc.constantFrom("Finder", "Docker", ""),
    }),
  },
);

const stream = fc
  .array(fc.tuple(anyEvent, fc.integer({ min: 0, max: 900 })), { maxLength: 120 })
  .map((pairs) => {
    let ms = 0;
    const events: InputEvent[] = [
      { type: "move", t: 0, x: 10, y: 10, origin: { ...origin, line: 1 } },
    ];
    pairs.forEach(([event, gap], index) => {
      ms += gap;
      events.push({ ...event, t: ms / 1000, origin: { ...origin, line: index + 2 } } as InputEvent);
    });
    return events;
  });

describe("buildInputActions on random event streams", () => {
  it("never throws, numbers steps in time order and emits valid steps", () => {
    fc.assert(
      fc.property(stream, fc.constantFrom(1, 2, 1.5), (events, scale) => {
        const { steps } = buildInputActions(events, { scale });
        steps.forEach((step, index) => {
          expect(step.index).toBe(index);
          if (index > 0) expect(step.t).toBeGreaterThanOrEqual((steps[index - 1] as typeof step).t);
          expect(stepSchema.safeParse(step).success).toBe(true);
          expect(step.origin.file).toBe("random.jsonl");
        });
      }),
    );
  });

  it("accounts for every press as exactly one click, half a double click, or a drag", () => {
    fc.assert(
      fc.property(stream, (events) => {
        const presses = events.filter((event) => event.type === "button" && event.pressed).length;
        const { steps } = buildInputActions(events);
        const count = (type: string) => steps.filter((step) => step.action?.type === type).length;
        expect(count("click") + 2 * count("double_click") + count("drag")).toBe(presses);
      }),
    );
  });

  it("types every printable press made without a shortcut modifier", () => {
    const typing = fc.array(fc.constantFrom("a", "b", "1", " ", "enter", "shift"), {
      maxLength: 60,
    });
    fc.assert(
      fc.property(
        typing,
        fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 60, maxLength: 60 }),
        (keys, gaps) => {
          let t = 0;
          const events: InputEvent[] = keys.map((key, index) => {
            t += (gaps[index] ?? 0) / 1000;
            return { type: "key", t, pressed: true, key, origin };
          });
          const { steps } = buildInputActions(events);
          const typed = steps
            .map((step) => (step.action?.type === "type" ? step.action.text : ""))
            .join("");
          const printable = keys.filter((key) => key.length === 1).length;
          expect(typed.length).toBe(printable);
        },
      ),
    );
  });

  it("builds the same actions from a move-thinned stream", () => {
    fc.assert(
      fc.property(stream, (events) => {
        const thinner = createMoveThinner();
        for (const event of events) thinner.push(event);
        const thinned = thinner.finish();
        expect(buildInputActions(thinned)).toEqual(buildInputActions(events));
      }),
    );
  });

  it("keeps the same events whether a move is pushed as an event or as its values", () => {
    fc.assert(
      fc.property(stream, fc.array(fc.boolean(), { maxLength: 121 }), (events, asValues) => {
        const byEvent = createMoveThinner();
        const mixed = createMoveThinner();
        events.forEach((event, index) => {
          byEvent.push(event);
          if (event.type === "move" && asValues[index] === true)
            mixed.pushMove(event.t, event.x, event.y, event.origin.file, event.origin.line ?? 0);
          else mixed.push(event);
        });
        expect(mixed.finish()).toEqual(byEvent.finish());
      }),
    );
  });
});

describe("resamplePath", () => {
  it("keeps the ends and spaces points evenly along the path", () => {
    const points = fc.array(fc.tuple(coordinate, coordinate), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(points, fc.integer({ min: 2, max: 12 }), (path, count) => {
        const result = resamplePath(path, count);
        expect(result).toHaveLength(count);
        expect(result[0]).toEqual(path[0]);
        expect(result[count - 1]).toEqual(path[path.length - 1]);
      }),
    );
    expect(
      resamplePath(
        [
          [0, 0],
          [10, 0],
          [10, 10],
        ],
        5,
      ),
    ).toEqual([
      [0, 0],
      [5, 0],
      [10, 0],
      [10, 5],
      [10, 10],
    ]);
  });
});
