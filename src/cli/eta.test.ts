import { describe, expect, it } from "vitest";
import { createEta, formatDuration } from "./eta.js";

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("createEta", () => {
  it("gives no estimate at the start, never eta 0s", () => {
    const time = clock();
    const eta = createEta({ now: time.now });
    expect(eta.describe()).toBe("eta …");
    eta.update(0, 20);
    time.advance(15_000);
    eta.update(0, 20);
    expect(eta.secondsLeft()).toBeUndefined();
    expect(eta.describe()).toBe("eta …");
  });

  it("measures the rate after the first item, so a slow start does not skew the estimate", () => {
    const time = clock();
    const eta = createEta({ now: time.now });
    // Ten seconds of start-up before the first item, then one item every two seconds.
    time.advance(10_000);
    eta.update(1, 21);
    time.advance(2_000);
    eta.update(2, 21);
    expect(eta.secondsLeft()).toBeUndefined();
    time.advance(2_000);
    eta.update(3, 21);
    // 18 items left at 2 s each; an average over the whole run would say 18 * 14/3 = 84 s.
    expect(eta.secondsLeft()).toBe(36);
    expect(eta.describe()).toBe("eta 36s");
    for (let done = 4; done <= 11; done++) {
      time.advance(2_000);
      eta.update(done, 21);
    }
    expect(eta.secondsLeft()).toBe(20);
  });

  it("waits for enough time as well as enough items", () => {
    const time = clock();
    const eta = createEta({ now: time.now, minItems: 2, minMs: 1000 });
    eta.update(1, 1000);
    time.advance(10);
    eta.update(5, 1000);
    expect(eta.secondsLeft()).toBeUndefined();
    time.advance(990);
    eta.update(10, 1000);
    expect(eta.secondsLeft()).toBeCloseTo((990 * 1000) / 9 / 1000, 6);
  });

  it("says 0 when the work is done and formats durations", () => {
    const eta = createEta({ now: () => 0 });
    eta.update(4, 4);
    expect(eta.secondsLeft()).toBe(0);
    expect(formatDuration(7.2)).toBe("8s");
    expect(formatDuration(65)).toBe("1m05s");
    expect(formatDuration(7380)).toBe("2h03m");
  });
});
