import { describe, expect, it } from "vitest";
import { TracemillError } from "../../core/errors.js";
import { jsonElementLines } from "./json-element-lines.js";
import { epochMs, findRaceSession } from "./race-session.js";
import { parseWebEvents } from "./web-events.js";

describe("jsonElementLines", () => {
  it("finds each element's line, ignoring brackets inside strings and other keys", () => {
    const text = [
      "{",
      '  "note": "[{not, an, array}]",',
      '  "other": [1, 2],',
      '  "events": [',
      '    { "a": "x\\"]" },',
      "    {",
      '      "b": [3, {"c": 4}]',
      "    }, 5",
      "  ]",
      "}",
    ].join("\n");
    expect(jsonElementLines(text, "events")).toEqual([5, 6, 8]);
    expect(jsonElementLines('[\n{},\n\n"x"]', "events")).toEqual([2, 4]);
    expect(jsonElementLines('{"events": []}', "events")).toEqual([]);
    expect(jsonElementLines('{"x": {"events": [1]}}', "events")).toEqual([]);
  });
});

describe("race sessions", () => {
  it("matches by _id.$oid and reads extended-JSON dates", () => {
    const doc = [
      { _id: { $oid: "a" }, prompt: "first" },
      { _id: { $oid: "b" }, prompt: "second", created_at: { $date: "2025-01-23T20:12:17.306Z" } },
    ];
    expect(findRaceSession(doc, "b")).toEqual({
      id: "b",
      prompt: "second",
      createdAtMs: 1737663137306,
    });
    expect(findRaceSession(doc, "c")).toBeUndefined();
    expect(findRaceSession({ not: "a list" }, "a")).toBeUndefined();
    expect(epochMs({ $date: { $numberLong: "1700000000000" } })).toBe(1700000000000);
    expect(epochMs("soon")).toBeUndefined();
  });
});

describe("parseWebEvents", () => {
  const base = 1_000_000;

  it("keeps bad events out with a warning each and clamps early events to t = 0", () => {
    const document = {
      timestamp: base,
      events: [
        { type: "hint", message: "early", timestamp: base - 500 },
        { type: "quest", message: "  ", timestamp: base + 10 },
        { type: "reasoning", message: "no time" },
        { type: "reward", message: "scored", timestamp: base + 2000 },
        "not an event",
        { type: "quest", message: "Do it", timestamp: base + 1000 },
      ],
    };
    const { value, warnings } = parseWebEvents({ document, file: "e.json" });
    expect(value.steps.map((step) => [step.t, step.actor, step.text])).toEqual([
      [0, "user", "early"],
      [1, "user", "Do it"],
      [2, "environment", "scored"],
    ]);
    expect(value.steps[2]?.signal).toBeUndefined();
    expect(value.quests).toEqual(["Do it"]);
    expect(warnings.map((warning) => warning.code)).toEqual([
      "web_event_invalid",
      "web_event_invalid",
      "web_reward_without_score",
      "web_event_invalid",
      "web_event_before_start",
    ]);
  });

  it("prefers the file's own timestamp over the race session's created_at", () => {
    const race = { id: "x", createdAtMs: base - 10_000, challenge: "paint" };
    const events = [{ type: "quest", message: "q", timestamp: base + 500 }];
    const own = parseWebEvents({ document: { timestamp: base, events }, file: "e.json", race });
    expect(own.value.timeBase).toEqual({ ms: base, source: "events.timestamp" });
    expect(own.value.challenge).toBe("paint");
    const fromRace = parseWebEvents({ document: { events }, file: "e.json", race });
    expect(fromRace.value.steps[0]?.t).toBe(10.5);
  });

  it("refuses a document without an events array", () => {
    expect(() => parseWebEvents({ document: { events: 3 }, file: "e.json" })).toThrowError(
      TracemillError,
    );
  });
});
