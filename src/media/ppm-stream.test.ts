import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PpmStreamParser } from "./ppm-stream.js";

function ppm(width: number, height: number, fill: number): Buffer {
  return Buffer.concat([
    Buffer.from(`P6\n${width} ${height}\n255\n`, "latin1"),
    Buffer.alloc(width * height * 3, fill),
  ]);
}

describe("PpmStreamParser", () => {
  it("splits a stream cut at arbitrary places back into its frames", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ w: fc.integer({ min: 1, max: 9 }), h: fc.integer({ min: 1, max: 9 }) }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        (sizes, cuts) => {
          const stream = Buffer.concat(sizes.map((size, i) => ppm(size.w, size.h, i + 1)));
          const parser = new PpmStreamParser();
          const frames = [];
          let offset = 0;
          for (let i = 0; offset < stream.length; i++) {
            const next = Math.min(stream.length, offset + (cuts[i % cuts.length] as number));
            frames.push(...parser.push(stream.subarray(offset, next)));
            offset = next;
          }
          expect(frames.map((f) => [f.width, f.height, f.pixels[0]])).toEqual(
            sizes.map((size, i) => [size.w, size.h, i + 1]),
          );
          expect(parser.leftoverBytes).toBe(0);
        },
      ),
    );
  });

  it("refuses a stream that is not PPM", () => {
    expect(() => new PpmStreamParser().push(Buffer.from("GIF89a....."))).toThrow(/not a PPM/);
  });
});
