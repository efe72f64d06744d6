import { existsSync, readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

/**
 * Every package the lockfile installs must support every Node version package.json's `engines`
 * declares (else `npm ci` prints an EBADENGINE warning, or worse, the package breaks there).
 * Packages the lockfile lists only for other platforms (not installed here) are checked too when
 * they are runtime dependencies; optional platform builds of dev tools are skipped when absent.
 */

const root = new URL("../", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(new URL("package-lock.json", root), "utf8")) as {
  packages: Record<
    string,
    { version?: string; engines?: { node?: string } | string[]; dev?: boolean; optional?: boolean }
  >;
};

describe("engines", () => {
  const declared = manifest.engines.node;

  it("declares a valid Node range that includes the Node running the tests", () => {
    expect(semver.validRange(declared)).not.toBeNull();
    expect(semver.satisfies(process.versions.node, declared)).toBe(true);
  });

  it("every installed package supports every Node version in engines", () => {
    const unsupported: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path === "") continue;
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (range === undefined) continue;
      const installed = existsSync(new URL(`${path}/package.json`, root));
      if (!installed && entry.optional === true) continue;
      if (semver.validRange(range) === null) {
        unsupported.push(`${path}@${entry.version}: engines.node "${range}" is not a range`);
        continue;
      }
      if (!semver.subset(declared, range)) {
        unsupported.push(`${path}@${entry.version} needs node "${range}"`);
      }
    }
    expect(unsupported).toEqual([]);
  });
});
