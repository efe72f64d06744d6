import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actionToCode, pyString, pythonBlock } from "./action-code.js";
import { parseActionCode, pythonCode } from "./parse-action-code.js";

describe("actionToCode", () => {
  it("writes each action form", () => {
    expect(actionToCode({ type: "click", x: 1, y: 2, button: "left" })).toBe("click(1, 2)");
    expect(actionToCode({ type: "click", x: 1, y: 2, button: "right" })).toBe("right_click(1, 2)");
    expect(actionToCode({ type: "click", x: 1, y: 2, button: "middle" })).toBe(
      "middle_click(1, 2)",
    );
    expect(actionToCode({ type: "double_click", x: 3, y: 4, button: "left" })).toBe(
      "double_click(3, 4)",
    );
    expect(actionToCode({ type: "double_click", x: 3, y: 4, button: "right" })).toBe(
      'double_click(3, 4, button="right")',
    );
    expect(
      actionToCode({
        type: "drag",
        path: [
          [0, 1],
          [2, 3],
        ],
        button: "left",
      }),
    ).toBe("drag([(0, 1), (2, 3)])");
    expect(actionToCode({ type: "move", x: 5, y: 6 })).toBe("move_to(5, 6)");
    expect(actionToCode({ type: "key", keys: ["ctrl", "shift", "t"] })).toBe(
      'hotkey("ctrl+shift+t")',
    );
    expect(actionToCode({ type: "key", keys: ["enter"] })).toBe('hotkey("enter")');
    expect(actionToCode({ type: "scroll", dx: 0, dy: 5 })).toBe("scroll(-5)");
    expect(actionToCode({ type: "scroll", dx: -2, dy: -1 })).toBe("scroll(1)\nhscroll(-2)");
    expect(actionToCode({ type: "scroll", dx: 0, dy: 0.2 })).toBe("scroll(0)");
    expect(
      actionToCode({ type: "scroll", x: 7, y: 8, dx: 0, dy: 1 }, { scrollWithPosition: true }),
    ).toBe("scroll(-1, x=7, y=8)");
    expect(actionToCode({ type: "focus", app: "Finder" })).toBeUndefined();
  });

  it("escapes typed text as a one-line literal that reads back exactly and cannot close the fence", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.constantFrom("a\u2028b", "```", "x\u0085\u2029"),
        ),
        (text) => {
          const literal = pyString(text);
          expect(literal).not.toMatch(/[\n\r`\u0085\u2028\u2029]/);
          expect(JSON.parse(literal)).toBe(text);
          const block = pythonBlock(`type(${literal})`);
          expect(pythonCode(block)).toBe(`type(${literal})`);
        },
      ),
    );
  });

  it("reads its own pointer forms back as overlay shapes", () => {
    expect(parseActionCode("click(10, 20)")).toEqual([
      { kind: "point", x: 10, y: 20, double: false },
    ]);
    expect(parseActionCode('double_click(1, 2, button="right")')).toEqual([
      { kind: "point", x: 1, y: 2, double: true },
    ]);
    expect(parseActionCode("drag([(1, 2), (3, 4), (5, 6)])")).toEqual([
      {
        kind: "path",
        points: [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
      },
    ]);
    expect(parseActionCode("scroll(-3, x=4, y=5)\nhscroll(2)")).toEqual([
      { kind: "scroll", direction: "down", x: 4, y: 5 },
      { kind: "scroll", direction: "right" },
    ]);
    expect(parseActionCode('type("click(1, 2)")')).toEqual([]);
  });
});
