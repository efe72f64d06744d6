import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  blobEnvironment,
  configEnvironment,
  debugFromEnvironment,
  hmacKeyFromEnvironment,
} from "./environment.js";

const src = fileURLToPath(new URL("../", import.meta.url));

/** Where reading the environment is allowed besides src/config, each for its reason. */
const allowed = new Map([
  // A provider's API-key fallback (house style: the one exception in library code).
  ["model/providers/openai.ts", "provider API-key fallback"],
  ["model/embedders/openai-embedder.ts", "provider API-key fallback"],
]);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === "__fixtures__" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Test code (tests, test support, conformance suites) may set up its own environment. */
function isTestCode(path: string): boolean {
  return (
    /\.test\.tsx?$/.test(path) ||
    /\.conformance\.ts$/.test(path) ||
    path.startsWith(`test-support${sep}`)
  );
}

describe("the environment is read in src/config only", () => {
  it("no other source file reads process.env", () => {
    const readers = sourceFiles(src)
      .map((path) => relative(src, path))
      .filter((path) => !path.startsWith(`config${sep}`) && !isTestCode(path))
      .filter((path) => !allowed.has(path.split(sep).join("/")))
      .filter((path) => /process\.env\b/.test(readFileSync(join(src, path), "utf8")));
    expect(readers).toEqual([]);
  });

  it("hands each caller only the variables it needs", () => {
    const env = {
      AWS_REGION: "eu-west-1",
      AWS_SECRET_ACCESS_KEY: "secret",
      HOME: "/home/someone",
      TRACEMILL_HMAC_KEY: "k".repeat(32),
      TRACEMILL_MODEL: "offline",
      UNRELATED_TOKEN: "do-not-pass",
    };
    expect(blobEnvironment(env)).toEqual({
      AWS_REGION: "eu-west-1",
      AWS_SECRET_ACCESS_KEY: "secret",
    });
    expect(configEnvironment(env)).toEqual({ TRACEMILL_MODEL: "offline" });
    expect(hmacKeyFromEnvironment(env)).toBe("k".repeat(32));
    expect(debugFromEnvironment(env)).toBe(false);
    expect(debugFromEnvironment({ TRACEMILL_DEBUG: "1" })).toBe(true);
  });
});
