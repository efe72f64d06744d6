import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";
import { buildHashChain, verifyHashChain } from "./hash-chain.js";

const key = "server-secret-key";
const events = [
  {
    id: "e1",
    seq: 1,
    type: "rationale_note",
    plan: "reproduce the multiply bug",
    ts_server_s: 1.5,
  },
  { id: "e2", seq: 2, type: "cmd_run", cmd: "pytest -q", exit_code: 1, ts_server_s: 2.25 },
  {
    id: "e3",
    seq: 3,
    type: "file_edit",
    file_path: "calc.py",
    diff_unified: "-a+b\n+a*b",
    ts_server_s: 9,
  },
  { id: "e4", seq: 4, type: "test_run", num_passed: 3, num_failed: 0, ts_server_s: 12 },
];

describe("hash chain", () => {
  it("verifies an untouched chain", () => {
    const links = buildHashChain(key, events);
    expect(verifyHashChain(key, events, links)).toEqual({ ok: true, verified: 4 });
  });

  it("detects and locates a change of any single byte in any event", () => {
    const links = buildHashChain(key, events);
    for (let index = 0; index < events.length; index++) {
      const text = canonicalJson(events[index]);
      for (let position = 0; position < text.length; position++) {
        const mutated = mutateByte(text, position);
        let event: unknown;
        try {
          event = JSON.parse(mutated);
        } catch {
          continue; // a byte change that breaks JSON cannot be stored as an event at all
        }
        if (canonicalJson(event) === text) continue; // e.g. a change inside insignificant syntax
        const tampered = events.slice();
        tampered[index] = event as (typeof events)[number];
        const result = verifyHashChain(key, tampered, links);
        expect(result.ok, `byte ${position} of event ${index}`).toBe(false);
        expect(result.firstBroken?.index).toBe(index);
      }
    }
  });

  it("detects a reordered, removed or inserted event, a forged link and the wrong key", () => {
    const links = buildHashChain(key, events);
    const swapped = [events[0], events[2], events[1], events[3]];
    expect(verifyHashChain(key, swapped, links).firstBroken?.index).toBe(1);
    expect(verifyHashChain(key, events.slice(0, 3), links).firstBroken?.index).toBe(3);
    expect(verifyHashChain(key, [...events, { id: "e5" }], links).firstBroken?.index).toBe(4);
    const forged = links.map((link) =>
      link.index === 2 ? { ...link, hash: "f".repeat(64) } : link,
    );
    expect(verifyHashChain(key, events, forged).firstBroken).toMatchObject({
      index: 2,
      reason: expect.stringMatching(/changed/),
    });
    expect(verifyHashChain("another-key", events, links).firstBroken?.index).toBe(0);
  });

  it("makes each link depend on the previous one", () => {
    const alone = buildHashChain(key, [events[1]]);
    const chained = buildHashChain(key, events.slice(0, 2));
    expect(chained[1]?.hash).not.toBe(alone[0]?.hash);
  });
});

function mutateByte(text: string, position: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (position >= bytes.length) return text;
  const code = bytes[position] as number;
  // Flip to a neighbouring printable ASCII byte so the change stays a plausible edit.
  bytes[position] = code >= 0x7e ? code - 1 : code + 1;
  return bytes.toString("utf8");
}
