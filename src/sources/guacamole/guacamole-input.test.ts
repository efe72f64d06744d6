import { describe, expect, it } from "vitest";
import type { InputEvent } from "../input-actions/types.js";
import { encodeGuacamoleInstruction as enc } from "./encode-guacamole-instruction.js";
import { mapGuacamoleInput } from "./guacamole-input.js";
import { parseGuacamole } from "./guacamole-parser.js";
import { mapKeysym } from "./keysyms.js";

function map(text: string) {
  return mapGuacamoleInput(parseGuacamole(text).value, { file: "s.guac" });
}

/** Events without origins, for compact expectations. */
function bare(events: InputEvent[]) {
  return events.map(({ origin: _origin, ...rest }) => rest);
}

describe("mapKeysym", () => {
  it("maps Latin-1, Unicode (0x0100XXXX) and function keysyms", () => {
    expect(mapKeysym(0x61)).toEqual({ kind: "key", key: "a", char: "a" });
    expect(mapKeysym(0x41)).toEqual({ kind: "key", key: "a", char: "A" });
    expect(mapKeysym(0x21)).toEqual({ kind: "key", key: "1", char: "!" });
    expect(mapKeysym(0x20)).toEqual({ kind: "key", key: " ", char: " " });
    expect(mapKeysym(0xe9)).toEqual({ kind: "key", key: "é", char: "é" });
    expect(mapKeysym(0xc9)).toEqual({ kind: "key", key: "é", char: "É" });
    expect(mapKeysym(0x0101f600)).toEqual({ kind: "key", key: "😀", char: "😀" });
    // The Unicode form is valid for Latin-1 code points too: é = 0x010000e9 as well as 0xe9.
    expect(mapKeysym(0x010000e9)).toEqual(mapKeysym(0xe9));
    expect(mapKeysym(0x01000041)).toEqual({ kind: "key", key: "a", char: "A" });
    expect(mapKeysym(0x01000020)).toEqual({ kind: "key", key: " ", char: " " });
    expect(mapKeysym(0x0100000a)).toEqual({ kind: "unknown" });
    expect(mapKeysym(0x0100d800)).toEqual({ kind: "unknown" });
    expect(mapKeysym(0x010020ac)).toMatchObject({ char: "€" });
    expect(mapKeysym(0xff0d)).toEqual({ kind: "key", key: "enter" });
    expect(mapKeysym(0xff08)).toEqual({ kind: "key", key: "backspace" });
    expect(mapKeysym(0xffff)).toEqual({ kind: "key", key: "delete" });
    expect(mapKeysym(0xff52)).toEqual({ kind: "key", key: "up" });
    expect(mapKeysym(0xff56)).toEqual({ kind: "key", key: "pagedown" });
    expect(mapKeysym(0xffbe)).toEqual({ kind: "key", key: "f1" });
    expect(mapKeysym(0xffc9)).toEqual({ kind: "key", key: "f12" });
    expect(mapKeysym(0xffe4)).toEqual({ kind: "key", key: "ctrl" });
    expect(mapKeysym(0xffe7)).toEqual({ kind: "key", key: "cmd" });
    expect(mapKeysym(0xffea)).toEqual({ kind: "key", key: "alt" });
    expect(mapKeysym(0xffeb)).toEqual({ kind: "key", key: "super" });
    expect(mapKeysym(0xffb7)).toEqual({ kind: "key", key: "7", char: "7" });
    expect(mapKeysym(0xfe03)).toEqual({ kind: "key", key: "altgr" });
    expect(mapKeysym(0xfe51)).toEqual({ kind: "ignored", name: "dead key" });
    expect(mapKeysym(0x12345)).toEqual({ kind: "unknown" });
  });
});

describe("mapGuacamoleInput", () => {
  it("makes times relative to the first sync; untimed instructions take the last sync's", () => {
    const text = [
      enc("size", ["0", "1280", "720"]),
      enc("sync", ["5000", "1"]),
      enc("mouse", ["10", "20", "0", "5250"]),
      enc("sync", ["6000"]),
      enc("mouse", ["11", "20", "0"]),
      enc("key", ["65293", "1", "7500"]),
    ].join("");
    const { value, warnings } = map(text);
    expect(warnings).toEqual([]);
    expect(value.screen).toEqual({ width: 1280, height: 720 });
    expect(value.firstSyncMs).toBe(5000);
    expect(value.durationS).toBe(2.5);
    expect(bare(value.events)).toEqual([
      { type: "move", t: 0.25, x: 10, y: 20 },
      { type: "move", t: 1, x: 11, y: 20 },
      { type: "key", t: 2.5, pressed: true, key: "enter" },
    ]);
    const mouseAt = text.indexOf("5.mouse");
    expect(value.events[0]?.origin).toEqual({ file: "s.guac", offset: mouseAt });
  });

  it("turns mask transitions into presses, releases and wheel steps", () => {
    const mouse = (x: number, y: number, mask: number, ms: number) =>
      enc("mouse", [String(x), String(y), String(mask), String(ms)]);
    const text = [
      enc("sync", ["0"]),
      mouse(5, 5, 0, 0),
      mouse(5, 5, 1, 100), // left down
      mouse(5, 5, 5, 150), // right down while left held
      mouse(5, 5, 0, 200), // both up
      mouse(5, 5, 8, 300), // wheel up step
      mouse(5, 5, 0, 310),
      mouse(5, 5, 16, 400), // wheel down step
      mouse(5, 5, 18, 410), // middle down, wheel bit still held: no new step
    ].join("");
    const kinds = bare(map(text).value.events).map((event) => {
      if (event.type === "button") return `${event.button}${event.pressed ? "↓" : "↑"}@${event.t}`;
      if (event.type === "wheel") return `wheel${event.dy}@${event.t}`;
      return `${event.type}@${event.t}`;
    });
    expect(kinds).toEqual([
      "move@0",
      "left↓@0.1",
      "right↓@0.15",
      "left↑@0.2",
      "right↑@0.2",
      "wheel-1@0.3",
      "wheel1@0.4",
      "middle↓@0.41",
    ]);
  });

  it("keeps the produced character on presses; AltGr is a key of its own", () => {
    const text = [
      enc("sync", ["0"]),
      enc("key", [String(0xffe1), "1", "0"]),
      enc("key", [String(0x48), "1", "10"]),
      enc("key", [String(0x48), "0", "20"]),
      enc("key", [String(0xffe1), "0", "30"]),
      enc("key", [String(0xfe03), "1", "40"]),
      enc("key", [String(0x40), "1", "50"]),
    ].join("");
    expect(bare(map(text).value.events)).toEqual([
      { type: "key", t: 0, pressed: true, key: "shift" },
      { type: "key", t: 0.01, pressed: true, key: "h", char: "H" },
      { type: "key", t: 0.02, pressed: false, key: "h" },
      { type: "key", t: 0.03, pressed: false, key: "shift" },
      { type: "key", t: 0.04, pressed: true, key: "altgr" },
      { type: "key", t: 0.05, pressed: true, key: "2", char: "@" },
    ]);
  });

  it("warns about bad instructions and unknown keysyms without stopping", () => {
    const text = [
      enc("sync", ["0"]),
      enc("mouse", ["x", "1", "0"]),
      enc("key", ["74565", "1"]),
      enc("key", ["74565", "0"]),
      enc("key", ["97", "yes"]),
      enc("key", ["97", "1"]),
    ].join("");
    const { value, warnings } = map(text);
    expect(value.events).toHaveLength(1);
    expect(warnings.map((one) => one.code)).toEqual([
      "guac_bad_instruction",
      "guac_bad_instruction",
      "guac_unknown_keysym",
    ]);
    expect(warnings[2]?.message).toBe("unknown keysym 0x12345 ignored (2 events)");
  });

  it("without any sync, counts from the first timestamp and says so", () => {
    const { value, warnings } = map(
      enc("mouse", ["1", "1", "0", "900"]) + enc("mouse", ["2", "1", "0", "1900"]),
    );
    expect(value.events.map((event) => event.t)).toEqual([0, 1]);
    expect(warnings.map((one) => one.code)).toEqual(["guac_no_sync"]);
  });
});
